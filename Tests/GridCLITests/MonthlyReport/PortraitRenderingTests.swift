import Foundation
import GridCLI
import GridCore
import Testing

@Suite("Employee portrait")
struct PortraitRenderingTests {
    @Test(
        "the portrait escapes names and entry texts, lists the latest entries with their running total, and is self-contained"
    )
    func portrait() {
        // Given forty entries, every third +2 and the others -1
        let html = PortraitRendering.html(PortraitFixture.model(entries: 40))
        // Then nothing from the entries is markup, and control characters are shown as escapes
        #expect(!html.contains("<script") && !html.contains("<i>") && !html.contains("\u{1b}"))
        #expect(html.contains("王丽&lt;i&gt; 员工画像 2026"))
        #expect(html.contains("迟报&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;\\x1b[2J"))
        // Only the last 18 are listed: entries 22…39, after a running total of 8×2 − 14 = 2
        // for entries 0…21 (0, 3, …, 21 are +2: eight of them; fourteen are −1).
        #expect(html.contains("22 earlier entries not listed; total before them: 2"))
        #expect(!html.contains("说明文字很长很长很长很长很长很长很长很长很长很长很长很长 21<"))
        // and the last line (entry 39, +2) ends the running total at 14×2 − 26 = 2 over all forty
        #expect(html.contains("<td>+2</td><td>2</td></tr></tbody>"))
        #expect(html.contains("@page { size: A4;") && !html.contains("http"))
    }
}

@Suite("HTML text")
struct HTMLTextTests {
    @Test("text shown in a page has & < > \" ' as references and control characters as visible escapes")
    func escaped() {
        #expect(HTMLText.escaped("a&b<c>d\"e'f") == "a&amp;b&lt;c&gt;d&quot;e&#39;f")
        #expect(HTMLText.escaped("x\u{1b}[2J\ny\u{202e}z") == "x\\x1b[2J\\ny\\u{202e}z")
        #expect(HTMLText.escaped("网点网格 王丽") == "网点网格 王丽")
        #expect(HTMLText.figure("people/<x>/owed", "3") == #" data-figure="people/&lt;x&gt;/owed" data-value="3""#)
    }
}
