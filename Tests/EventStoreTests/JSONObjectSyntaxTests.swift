import Foundation
import Testing

@testable import EventStore

@Suite("Event data must be one JSON object that PostgreSQL's jsonb accepts")
struct JSONObjectSyntaxTests {
    static let accepted: [String] = [
        "{}",
        " \n\t{ } \r\n",
        #"{"sku":"SKU-1","quantity":3,"price":-12.50,"big":1.5e+300,"tiny":2E-7,"zero":0,"ok":true,"no":false,"none":null}"#,
        #"{"nested":{"list":[1,[2,[3,{}]],"x",[]],"empty":{}}}"#,
        #"{"escapes":"\" \\ \/ \b \f \n \r \t \u00e9 \uD834\uDD1E"}"#,
        #"{"utf8":"é — ✓ 𝄞 日本"}"#,
        #"{"dup":1,"dup":2}"#,
    ]

    static let refused: [String] = [
        "", "   ", "[]", "[{}]", "\"text\"", "42", "null", "{} {}", "{}x",
        #"{"a":1,}"#, #"{"a" 1}"#, #"{a:1}"#, #"{'a':1}"#, #"{"a":}"#, #"{"a":1"#, #"{"a":[1,2}"#,
        #"{"n":01}"#, #"{"n":1.}"#, #"{"n":.5}"#, #"{"n":-}"#, #"{"n":1e}"#, #"{"n":1e99999}"#, #"{"n":+1}"#,
        #"{"n":NaN}"#, #"{"t":tru}"#, #"{"t":True}"#,
        #"{"s":"a\x"}"#, #"{"s":"\u00"}"#, #"{"s":"\u0000"}"#, #"{"s":"\uD834"}"#, #"{"s":"\uDD1E"}"#, #"{"s":"\uD834\u0041"}"#,
        "{\"s\":\"tab\tinside\"}", "{\"s\":\"unterminated}",
        String(repeating: "{\"a\":", count: 300) + "1" + String(repeating: "}", count: 300),
    ]

    @Test("accepted", arguments: accepted)
    func accepts(text: String) {
        #expect(JSONObjectSyntax.isObject(Data(text.utf8)))
        // Whatever we accept, Foundation's parser reads as an object too.
        #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) is [String: Any])
    }

    @Test("refused", arguments: refused)
    func refuses(text: String) {
        #expect(!JSONObjectSyntax.isObject(Data(text.utf8)))
    }

    @Test("invalid UTF-8 inside strings is refused: overlong forms, surrogates, truncated and stray bytes")
    func invalidUTF8() {
        let sequences: [[UInt8]] = [[0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xFF]]
        for sequence in sequences {
            let bytes = Array(#"{"s":""#.utf8) + sequence + Array(#""}"#.utf8)
            #expect(!JSONObjectSyntax.isObject(bytes), "\(sequence)")
        }
        #expect(JSONObjectSyntax.isObject(Array(#"{"s":""#.utf8) + [0xF0, 0x9D, 0x84, 0x9E] + Array(#""}"#.utf8)))
    }
}
