import GridConfig
import GridCore
import GridTestKit
import Testing

@Suite("Two-person checks in the catalog (confirm: second-person)")
struct SecondPersonCatalogTests {
    @Test(
        "the shipped catalog marks the five checks banking practice performs in pairs, confirmed by the operations deputy or the branch head"
    )
    func shipped() throws {
        // Given the shipped schedules
        let configuration = try EditableSchedules().load().get()

        // Then exactly the 双人 checks need a second person, and who confirms them is named
        let marked = configuration.catalog.duties.filter { $0.confirmation != nil }
        #expect(
            Set(marked.map(\.id)) == [
                "ops.seal-voucher-check", "ops.account-reconciliation", "ops.atm-cassette-check",
                "ops.teller-drawer-check", "ops.seal-card-inventory",
            ])
        #expect(marked.allSatisfy { $0.confirmation?.roles == ["operations-deputy", "branch-head"] })
    }

    static let voucherCheck = "    clause: 每周检查相关印章和重要空白凭证\n"
    static let marks = "    confirm: second-person\n    confirm-roles: [operations-deputy, branch-head]\n"

    static let breakages: [Breakage] = [
        Breakage(
            name: "an unknown confirm value", file: "catalog/30-operations.yaml",
            replace: voucherCheck + "    confirm: second-person\n",
            with: voucherCheck + "    confirm: two-person\n",
            at: "    confirm: two-person", field: "duty ops.seal-voucher-check: confirm",
            message: ["unknown value 'two-person'", "expected second-person"]),
        Breakage(
            name: "an unknown confirming role", file: "catalog/30-operations.yaml",
            replace: voucherCheck + marks,
            with: voucherCheck + "    confirm: second-person\n    confirm-roles: [operations-deputy, vault-keeper]\n",
            at: "    confirm-roles: [operations-deputy, vault-keeper]",
            field: "duty ops.seal-voucher-check: confirm-roles", message: ["unknown role 'vault-keeper'"]),
        Breakage(
            name: "confirm-roles without confirm", file: "catalog/30-operations.yaml",
            replace: voucherCheck + marks,
            with: voucherCheck + "    confirm-roles: [branch-head, operations-deputy]\n",
            at: "    confirm-roles: [branch-head, operations-deputy]",
            field: "duty ops.seal-voucher-check: confirm-roles",
            message: ["needs 'confirm: second-person'"]),
        Breakage(
            name: "confirm without the roles that confirm", file: "catalog/30-operations.yaml",
            replace: voucherCheck + marks, with: voucherCheck + "    confirm: second-person\n",
            at: "  - id: ops.seal-voucher-check", field: "duty ops.seal-voucher-check: confirm-roles",
            message: ["missing", "needs the roles whose holders confirm"]),
        Breakage(
            name: "a case (a finding to rectify) made a two-person check", file: "catalog/30-operations.yaml",
            replace: "    scope: case\n    deadline: after 10 business-days\n",
            with:
                "    scope: case\n    confirm: second-person\n    confirm-roles: [branch-head]\n    deadline: after 10 business-days\n",
            at: "    confirm: second-person\n    confirm-roles: [branch-head]",
            field: "duty ops.finding-rectification: confirm",
            message: ["'second-person' is for checks two people perform"]),
    ]

    @Test("a mistake in confirm or confirm-roles is reported at its file, line and field", arguments: breakages)
    func breakage(_ breakage: Breakage) throws {
        try breakage.check()
    }
}
