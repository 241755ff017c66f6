#!/usr/bin/env python3
"""Writes large seed inputs for the fuzz targets into DIR/<target>/ (not committed: they
are generated). Shapes that once broke or slowed the checker: thousands of attributes in
one tag, deep nesting, long lines without breaks, dense digits and IDs, long terms.

    python3 large_seeds.py target/large-seeds
"""

import os
import sys


def write(root: str, target: str, name: str, text: str) -> None:
    os.makedirs(os.path.join(root, target), exist_ok=True)
    with open(os.path.join(root, target, name), "w", encoding="utf-8") as fh:
        fh.write(text)


def main() -> None:
    root = sys.argv[1] if len(sys.argv) > 1 else "target/large-seeds"
    attrs = "".join(f' a{i}="v{i}"' for i in range(7000))
    write(root, "check_html", "attrs-7000.html", f"<p>按装</p><img{attrs} alt=\"再接再励\"><p>完</p>")
    write(root, "check_html", "attrs-mixed.html", "<a" + " x=\"1\" y='2' z=3" * 3000 + " href=\"http://1.2.3.4/\">链</a>")
    write(root, "check_html", "nested.html", "<div><span><b>" * 5000 + "再接再励" + "</i></div>" * 5000)
    write(root, "check_html", "entities.html", "<p>" + "&amp;&#x41;&nbsp;&#20013;" * 4000 + "</p>")
    write(root, "check_html", "comments.html", "<!--" + "-" * 20000 + "><p>按装</p><!-- <!-- -->" * 100)
    body = "身份证号110101199003074258，手机13812345678，卡号6222021234567890123。" * 800
    write(root, "check", "dense-ids.txt", body)
    write(root, "check", "digits.txt", "1234567890" * 8000)
    write(root, "check", "one-line.txt", "我们要再接再励按装设备一股作气，" * 4000)
    write(root, "mask", "dense-ids.txt", body)
    write(root, "convert", "long.txt", "後來发现乾隆皇帝的頭髮" * 6000)
    write(root, "dictionary", "long-term.tsv", "的是" * 15000 + "\t的\ttypo\twarning\n按装\t安装\ttypo\terror\n")


if __name__ == "__main__":
    main()
