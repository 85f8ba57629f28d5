/// A person a message is for, with their address at the receiver (WeCom user id, mail
/// address, mobile number) when the receiver needs one.
public struct Recipient: Hashable, Sendable, Codable {
    public let person: String
    public let name: String
    public let address: String?

    public init(person: String, name: String, address: String?) {
        self.person = person
        self.name = name
        self.address = address
    }
}
