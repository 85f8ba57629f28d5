import Foundation

/// What importing a workbook would change in a branch's ledger: the draft checked against
/// the roster, the calendar and the ledger as it stands, and compared with it. A finding or
/// measure already in the ledger and unchanged in the workbook changes nothing, so
/// importing the same workbook twice records nothing the second time; one with a changed
/// deadline or owner becomes a revision. Nothing is ever removed: an item the workbook
/// lacks stays in the ledger, and the plan says so.
///
/// Every problem is collected, located at its sheet, row and column; the caller writes the
/// changes only when there is none.
public struct LedgerImport: Sendable {
    public var changes: [LedgerChange] = []
    public var issues: [LedgerIssue] = []
    /// Facts the importer should know that are not problems: items kept though the workbook
    /// lacks them, a done measure the workbook still calls open.
    public var notes: [String] = []
    /// Where each change was read, for messages about it.
    public var places: [SheetPlace] = []

    /// The longest a measure may run after its finding was found: about three years, past
    /// which a deadline is a mistyped year rather than a plan.
    public static let longestSpanDays = 1100

    /// Plans the import of `draft` into `ledger` of `branch`, on the branch's day `today`.
    public static func plan(draft: LedgerDraft, into ledger: Ledger, branch: Branch, today: LocalDate) -> LedgerImport {
        var plan = LedgerImport()
        plan.compare(draft: draft, ledger: ledger, branch: branch, today: today)
        guard plan.issues.isEmpty else { return plan }
        // The changes must apply in order: anything the comparison missed is still refused.
        var trial = ledger
        for (change, place) in zip(plan.changes, plan.places) {
            do { try trial.apply(change, on: today) } catch {
                plan.issues.append(LedgerIssue(place: place, problem: error.description))
            }
        }
        return plan
    }

    private mutating func add(_ change: LedgerChange, at place: SheetPlace) {
        changes.append(change)
        places.append(place)
    }

    private mutating func issue(_ place: SheetPlace, _ problem: String) {
        issues.append(LedgerIssue(place: place, problem: problem))
    }

    private mutating func compare(draft: LedgerDraft, ledger: Ledger, branch: Branch, today: LocalDate) {
        let people = LedgerPeople(branch: branch)
        let calendar = branch.calendar
        func person(_ text: String, at place: SheetPlace) -> String? {
            switch people.resolve(text) {
            case .success(let id): return id
            case .failure(let refusal):
                issue(place, refusal.description)
                return nil
            }
        }
        func businessDay(_ date: LocalDate, what: String, at place: SheetPlace) -> Bool {
            guard !calendar.isBusinessDay(date) else { return true }
            let next = calendar.nextBusinessDay(after: date).map { "; the next business day is \($0)" } ?? ""
            issue(place, "\(what) \(date) is not a business day of branch '\(branch.id)'\(next)")
            return false
        }

        var inspections = Set(ledger.inspections.map(\.name))
        var found: [String: LocalDate] = [:]
        func number(_ text: String, header: String, at place: SheetPlace) -> Bool {
            guard text.contains("/") || text.contains("@") else { return true }
            issue(place, "'\(text)' may not contain '/' or '@', which join a finding's and a measure's numbers")
            return false
        }
        for row in draft.findings {
            let draftFinding = row.value
            found[draftFinding.number] = draftFinding.found
            guard number(draftFinding.number, header: "问题编号", at: row.at("问题编号")) else { continue }
            if let known = ledger.inspection(draftFinding.inspection) {
                if known.kind != draftFinding.kind {
                    issue(
                        row.at("检查类型"),
                        "inspection '\(draftFinding.inspection)' is a \(known.kind.rawValue) in the ledger, not a \(draftFinding.kind.rawValue)"
                    )
                }
            } else if !inspections.contains(draftFinding.inspection) {
                inspections.insert(draftFinding.inspection)
                add(.inspectionAdded(Inspection(name: draftFinding.inspection, kind: draftFinding.kind)), at: row.place)
            }
            guard let leader = person(draftFinding.leader, at: row.at("责任领导")) else { continue }
            if draftFinding.found > today {
                issue(row.at("发现日期"), "found on \(draftFinding.found), after today (\(today))")
                continue
            }
            let finding = Finding(
                number: draftFinding.number, inspection: draftFinding.inspection, text: draftFinding.text,
                category: draftFinding.category, leader: leader, department: draftFinding.department,
                found: draftFinding.found, repeats: draftFinding.repeats, extra: draftFinding.extra)
            guard let existing = ledger.finding(finding.number) else {
                if let staff = branch.person(leader), !staff.isActive(on: today) {
                    issue(row.at("责任领导"), LedgerPeople.Refusal.notActive(leader, on: today).description)
                    continue
                }
                add(.findingAdded(finding), at: row.place)
                continue
            }
            guard existing.finding != finding else { continue }
            if existing.state == .closed {
                issue(row.place, LedgerRefusal.findingClosed(finding.number).description + "; its row may not change")
                continue
            }
            add(.findingRevised(finding), at: row.place)
        }

        let inWorkbook = Set(draft.findings.map(\.value.number))
        for kept in ledger.findings where !inWorkbook.contains(kept.finding.number) {
            notes.append("finding \(kept.finding.number) is in the ledger but not in the workbook; it is kept")
        }

        for row in draft.measures {
            let draftMeasure = row.value
            let id = draftMeasure.id
            guard number(id.number, header: "措施编号", at: row.at("措施编号")) else { continue }
            let findingFound = found[id.finding] ?? ledger.finding(id.finding)?.finding.found
            // Its finding's row has problems of its own, reported there.
            if findingFound == nil, draft.listedFindings.contains(id.finding) { continue }
            guard let findingFound else {
                issue(
                    row.at("问题编号"),
                    "measure \(id) belongs to finding \(id.finding), which is neither in 问题清单 nor in the ledger")
                continue
            }
            guard let owner = person(draftMeasure.owner, at: row.at("责任人")) else { continue }
            var valid = businessDay(draftMeasure.deadline, what: "the deadline", at: row.at("完成时限"))
            if draftMeasure.deadline.dayNumber - findingFound.dayNumber > Self.longestSpanDays {
                issue(
                    row.at("完成时限"),
                    "the deadline \(draftMeasure.deadline) is more than \(Self.longestSpanDays) days after finding \(id.finding) was found (\(findingFound)); a mistyped year?"
                )
                valid = false
            }
            if draftMeasure.deadline < findingFound {
                issue(
                    row.at("完成时限"),
                    "the deadline \(draftMeasure.deadline) is before finding \(id.finding) was found (\(findingFound))")
                valid = false
            }
            for milestone in draftMeasure.milestones {
                valid = businessDay(milestone.date, what: "the milestone", at: row.at("阶段目标")) && valid
                if milestone.date > draftMeasure.deadline || milestone.date < findingFound {
                    issue(
                        row.at("阶段目标"),
                        "the milestone \(milestone.date) is outside the measure's span (\(findingFound) to \(draftMeasure.deadline))"
                    )
                    valid = false
                }
            }
            if let done = draftMeasure.done {
                if done.date > today {
                    issue(row.at("完成日期"), "done on \(done.date), after today (\(today))")
                    valid = false
                } else if done.date < findingFound {
                    issue(
                        row.at("完成日期"),
                        "done on \(done.date), before finding \(id.finding) was found (\(findingFound))")
                    valid = false
                }
            }
            guard valid else { continue }
            let measure = Measure(
                id: id, text: draftMeasure.text, owner: owner, deadline: draftMeasure.deadline,
                milestones: draftMeasure.milestones, rule: draftMeasure.rule, extra: draftMeasure.extra)
            guard let existing = ledger.measure(id) else {
                if let staff = branch.person(owner), !staff.isActive(on: today) {
                    issue(row.at("责任人"), LedgerPeople.Refusal.notActive(owner, on: today).description)
                    continue
                }
                add(.measureAdded(measure), at: row.place)
                if let done = draftMeasure.done { add(.measureDone(id, done), at: row.at("完成情况")) }
                continue
            }
            var plannedExisting = existing
            plannedExisting.done = nil
            if let done = existing.done {
                if plannedExisting != measure {
                    issue(row.place, LedgerRefusal.measureDone(id).description + "; its row may not change")
                } else if draftMeasure.done == nil {
                    notes.append("measure \(id) is done (\(done.date)) in the ledger; the workbook's 未完成 is ignored")
                } else if draftMeasure.done != done {
                    issue(
                        row.at("完成日期"),
                        "measure \(id) was recorded done on \(done.date); a done measure's record is final")
                }
                continue
            }
            if plannedExisting != measure {
                if ledger.finding(id.finding)?.state == .closed {
                    issue(row.place, LedgerRefusal.findingClosed(id.finding).description)
                    continue
                }
                if owner != existing.owner, let staff = branch.person(owner), !staff.isActive(on: today) {
                    issue(row.at("责任人"), LedgerPeople.Refusal.notActive(owner, on: today).description)
                    continue
                }
                add(.measureRevised(measure), at: row.place)
            }
            if let done = draftMeasure.done { add(.measureDone(id, done), at: row.at("完成情况")) }
        }
        let measuresInWorkbook = Set(draft.measures.map(\.value.id))
        for kept in ledger.measures where !measuresInWorkbook.contains(kept.id) {
            notes.append("measure \(kept.id) is in the ledger but not in the workbook; it is kept")
        }
    }
}
