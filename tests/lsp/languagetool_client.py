"""The PyPI client `language_tool_python` (pinned in scripts/setup.sh) against `zhproof
serve` on 127.0.0.1: LanguageTool's /v2/languages and /v2/check as a real client uses them.
Matches' offsets must slice the right text, characters outside the BMP included.

Usage: python tests/lsp/languagetool_client.py [path/to/zhproof]
"""
import subprocess
import sys

import language_tool_python

BIN = sys.argv[1] if len(sys.argv) > 1 else "target/debug/zhproof"


def main() -> int:
    server = subprocess.Popen(
        [BIN, "serve", "--addr", "127.0.0.1:0", "--threads", "1", "--isolated"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = server.stdout.readline()
        assert "http://127.0.0.1:" in line, line
        url = line.strip().rsplit(" ", 1)[-1]
        tool = language_tool_python.LanguageTool("zh-CN", remote_server=url)
        # 𠮷 and 😀 are two UTF-16 code units each: the server counts them so, the client
        # turns the offsets into Python string indices.
        text = "𠮷😀他再接再励，终于成功了。\n请先按装软件，𠮷再开始。"
        matches = tool.check(text)
        found = {(m.rule_id, text[m.offset : m.offset + m.error_length]) for m in matches}
        print("matches:", sorted(found))
        assert ("typo.word", "再接再励") in found, found
        assert any(t == "按装" for _, t in found), found
        for m in matches:
            assert m.replacements, m
            assert m.category == m.category.upper(), m.category
        fixed = tool.correct(text)
        print("corrected:", fixed)
        assert "再接再厉" in fixed and "安装" in fixed, fixed
        assert fixed.startswith("𠮷😀他"), fixed
        # Rules off by id (unknown LanguageTool ids are ignored).
        tool.disabled_rules = {"typo.word", "WHITESPACE_RULE"}
        found = {m.rule_id for m in tool.check(text)}
        assert "typo.word" not in found, found
        tool.disabled_rules = set()
        # Traditional Chinese target.
        tool.language = "zh-TW"
        assert str(tool.language) == "zh-TW"
        tw_text = "這是发現的問題。"
        tw = {(m.rule_id, tw_text[m.offset : m.offset + m.error_length]) for m in tool.check(tw_text)}
        assert ("script.simplified", "发") in tw, tw
        tool.close()
        print("language_tool_python against zhproof serve: ok")
        return 0
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
