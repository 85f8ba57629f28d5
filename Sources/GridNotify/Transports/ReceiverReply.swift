import Foundation

/// The JSON answer of WeCom's and DingTalk's APIs: an `errcode` (0 is success) and its
/// `errmsg`, with the fields of each call.
struct ReceiverReply: Decodable, Sendable {
    let errcode: Int?
    let errmsg: String?
    /// `message/send`: the message's id, and the user ids WeCom did not know.
    let msgid: String?
    let invaliduser: String?
    /// `gettoken`.
    let access_token: String?
    let expires_in: Int?

    static func decode(_ body: Data) -> ReceiverReply? {
        try? JSONDecoder().decode(ReceiverReply.self, from: body)
    }

    var describe: String {
        "errcode \(errcode ?? -1): \(Escaping.control(errmsg ?? ""))"
    }
}
