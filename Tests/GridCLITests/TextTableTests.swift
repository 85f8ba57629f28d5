import GridCLI
import Testing

@Suite("Text tables")
struct TextTableTests {
    @Test("columns line up by display width, 汉字 counting two, and the last column is not padded")
    func alignment() {
        var table = TextTable(headers: ["网点 BRANCH", "线条 LINE", "逾期"])
        table.append(["城东支行", "all", "3"])
        table.append(["Example", "运营线", "12"])

        #expect(
            table.render() == """
                网点 BRANCH  线条 LINE  逾期
                -----------  ---------  ----
                城东支行     all        3
                Example      运营线     12
                """)
    }

    @Test("a table without rows is its header and rule")
    func empty() {
        #expect(TextTable(headers: ["a", "bb"]).render() == "a  bb\n-  --")
    }
}
