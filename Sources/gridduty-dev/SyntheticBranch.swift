import Foundation
import GridTestKit

/// One generated branch: roster, grids, pairings and calendar settings.
struct SyntheticBranch {
    struct Person {
        let id: String
        let name: String
        var roles: [String]
        var party: Bool
    }

    struct GridSpec {
        let id: String
        let name: String
        let leader: String
        let members: [String]
    }

    struct PairingSpec {
        let id: String
        let kind: String
        let members: [String]
        let partner: String?
    }

    let index: Int
    let seed: UInt64
    let id: String
    let name: String
    let weekdays: [String]
    let opening: String
    let closing: String
    let since: String
    private(set) var staff: [Person] = []
    private(set) var grids: [GridSpec] = []
    private(set) var pairings: [PairingSpec] = []

    init(index: Int, seed: UInt64, since: String) {
        self.index = index
        self.seed = seed
        self.since = since
        // One stream per branch, so that branch k does not depend on how many come before it.
        var mixer = SplitMix64(seed: seed ^ (UInt64(index) &* 0xD1B5_4A32_D192_ED03))
        var rng = SplitMix64(seed: mixer.next())
        id = String(format: "b%05d", index)
        name = "\(rng.pick(Self.districts))\(rng.pick(Self.roads))\(rng.pick(Self.kinds))"

        // 60% weekdays only; 30% also Saturdays; 10% every day.
        let openness = rng.unit()
        if openness < 0.6 {
            weekdays = ["mon", "tue", "wed", "thu", "fri"]
            (opening, closing) = ("09:00", "17:00")
        } else {
            weekdays = ["mon", "tue", "wed", "thu", "fri", "sat"] + (openness >= 0.9 ? ["sun"] : [])
            (opening, closing) = rng.chance(0.5) ? ("08:30", "17:00") : ("09:00", "17:30")
        }

        // Staff: triangular on 8...30 with its mode at 28, so the mean is (8 + 30 + 28) / 3 = 22.
        let u = rng.unit()
        let (low, high, mode) = (8.0, 30.0, 28.0)
        let cut = (mode - low) / (high - low)
        let x =
            u < cut
            ? low + (u * (high - low) * (mode - low)).squareRoot()
            : high - ((1 - u) * (high - low) * (high - mode)).squareRoot()
        let size = min(30, max(8, Int(x.rounded())))

        let customerManagers = max(1, Int((Double(size) * 0.25).rounded()))
        let lobbyManagers = size >= 18 ? 2 : 1
        let counterManagers = size - 3 - customerManagers - lobbyManagers
        // About two thirds of the staff are party members: the three fixed posts below, and
        // each other person with the probability that brings the expected total to 2/3.
        let otherShare = max(0, min(1, (Double(size) * 2 / 3 - 3) / Double(size - 3)))
        var people: [Person] = []
        func add(_ roles: [String], party: Bool) {
            let personID = "\(id).s\(people.count + 1 < 10 ? "0" : "")\(people.count + 1)"
            people.append(Person(id: personID, name: Self.personName(&rng), roles: roles, party: party))
        }
        add(["branch-head", "party-secretary"], party: true)
        add(["operations-deputy", "discipline-inspector"], party: true)
        add(["deputy-supervisor"], party: rng.chance(otherShare))
        add(["customer-manager", "model-post"], party: true)
        for _ in 1..<customerManagers { add(["customer-manager"], party: rng.chance(otherShare)) }
        for _ in 0..<lobbyManagers { add(["lobby-manager"], party: rng.chance(otherShare)) }
        for _ in 0..<counterManagers { add(["counter-manager"], party: rng.chance(otherShare)) }
        staff = people

        // Grids: the branch grid under the branch head; the counter grid under the operations
        // deputy, a member of the branch grid; in most larger branches a third grid nested
        // under one of them (a marketing grid of the customer managers, or a second counter
        // team under a senior teller, three levels deep).
        let head = people[0].id
        let deputy = people[1].id
        let supervisor = people[2].id
        let cms = people[3..<(3 + customerManagers)].map(\.id)
        let lobby = people[(3 + customerManagers)..<(3 + customerManagers + lobbyManagers)].map(\.id)
        let tellers = people[(3 + customerManagers + lobbyManagers)...].map(\.id)
        var third: GridSpec?
        var branchMembers = [deputy, supervisor] + cms
        var counterMembers = lobby + tellers
        if size >= 12 && rng.chance(0.6) {
            let marketing = cms.count >= 3 && (tellers.count < 4 || rng.chance(0.5))
            if marketing {
                third = GridSpec(id: "marketing-grid", name: "营销网格", leader: cms[0], members: Array(cms.dropFirst()))
                branchMembers = [deputy, supervisor, cms[0]]
            } else if tellers.count >= 4 {
                let team = Array(tellers[(tellers.count / 2)...])
                third = GridSpec(id: "counter-team-2", name: "柜面二组", leader: tellers[0], members: team)
                counterMembers = lobby + tellers.filter { !team.contains($0) }
            }
        }
        grids = [
            GridSpec(id: "branch-grid", name: "网点网格", leader: head, members: branchMembers),
            GridSpec(id: "counter-grid", name: "柜面网格", leader: deputy, members: counterMembers),
        ]
        if let third { grids.append(third) }

        // 四结对: each non-member paired with a party member (round robin), and the party
        // branch with the office branch, and usually a client's and a peer branch.
        let members = people.filter(\.party).map(\.id)
        var result: [PairingSpec] = []
        for (n, person) in people.filter({ !$0.party }).enumerated() {
            let partner = members[n % members.count]
            result.append(
                PairingSpec(
                    id: "pair.\(result.count + 1)", kind: "党群结对", members: [partner, person.id], partner: nil))
        }
        result.append(
            PairingSpec(id: "pair.office", kind: "机关支部结对", members: [head], partner: rng.pick(Self.offices)))
        if rng.chance(0.7) {
            result.append(
                PairingSpec(
                    id: "pair.client", kind: "客户支部结对", members: [head],
                    partner: "\(rng.pick(Self.districts))\(rng.pick(Self.companies))党支部"))
        }
        if rng.chance(0.7) {
            result.append(
                PairingSpec(
                    id: "pair.peer", kind: "同业支部结对", members: [head],
                    partner: "\(rng.pick(Self.districts))\(rng.pick(Self.peers))党支部"))
        }
        pairings = result
    }

    func yaml() -> String {
        var out = """
            # Generated by `gridduty-dev generate --seed \(seed)` (branch \(index); the same in a bank of any size):
            # a synthetic branch of \(staff.count) staff, \(staff.filter(\.party).count) of them party members. The names are invented.
            branch:
              id: \(id)
              name: \(name)
              timezone: Asia/Shanghai
              calendar: cn
              open-weekdays: [\(weekdays.joined(separator: ", "))]
              opening: "\(opening)"
              closing: "\(closing)"
              since: \(since)
              closed-dates: []
              open-dates: []

            staff:

            """
        for person in staff {
            out +=
                "  - id: \(person.id)\n    name: \(person.name)\n    roles: [\(person.roles.joined(separator: ", "))]\n"
            if person.party { out += "    party-member: true\n" }
        }
        out += "\ngrids:\n"
        for grid in grids {
            out += "  - id: \(grid.id)\n    name: \(grid.name)\n    leader: \(grid.leader)\n"
            out += "    members: [\(grid.members.joined(separator: ", "))]\n"
        }
        out += "\npairings:\n"
        for pairing in pairings {
            out +=
                "  - { id: \(pairing.id), kind: \(pairing.kind), members: [\(pairing.members.joined(separator: ", "))]"
            if let partner = pairing.partner { out += ", partner: \(partner)" }
            out += " }\n"
        }
        return out
    }

    static func personName(_ rng: inout SplitMix64) -> String {
        let given = rng.chance(0.7) ? rng.pick(givenNames) + rng.pick(givenNames) : rng.pick(givenNames)
        return rng.pick(surnames) + given
    }

    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢").map(String.init)
    static let givenNames = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏建国文辉力健宇浩然晨欣怡佳琪子涵雨轩博思源志恒振东晓峰婷凯悦").map(
        String.init)
    static let districts = [
        "城东", "城西", "城南", "城北", "滨江", "开发区", "高新区", "新城", "老城", "江北", "河西", "湖滨", "南湖", "北岸", "东港", "西郊",
        "经开区", "临港", "金桥", "望江",
    ]
    static let roads = [
        "人民路", "解放路", "中山路", "建设路", "和平路", "新华路", "长江路", "黄河路", "胜利路", "文化路", "青年路", "花园路", "朝阳路", "光明路",
        "友谊路", "幸福路", "学府路", "工业路", "商业街", "财富大道",
    ]
    static let kinds = ["支行", "支行营业部", "分理处", "营业室", "社区支行"]
    static let offices = ["分行机关第一党支部", "分行机关第二党支部", "分行机关第三党支部", "分行营业部党支部", "分行运营管理部党支部"]
    static let companies = ["实业有限公司", "制造有限公司", "商贸有限公司", "物流有限公司", "建设集团", "医院", "中学", "街道社区"]
    static let peers = ["信用社营业部", "农商行支行", "证券营业部", "保险支公司"]
}
