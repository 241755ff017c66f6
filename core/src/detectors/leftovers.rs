//! Template leftovers in body text (`format.template_leftover`): page chrome a CMS or a
//! scraper left in the article — pagination (`1 2 3 4 5 下一页`), previous/next links
//! (`上一篇：…`), print/close/share/QR bars (`【打印本页】【关闭窗口】`,
//! `扫一扫在手机打开当前页`), breadcrumbs (`首页 > 新闻中心`, `当前位置：…`), navigation
//! bars and site footers (`版权所有…ICP备…`).
//!
//! Line by line; a line must be short and made of chrome to be reported, so prose that
//! merely mentions a printer or a home page stays clean. In HTML, text in page chrome
//! (`<nav>`, `<footer>`, CMS class names: see [`crate::html::HtmlInfo::chrome`]) is where
//! these belong and is not reported.

use super::charclass::lines;
use super::{CheckContext, Detector};
use crate::finding::{Category, Finding, Severity};
use regex::Regex;
use std::sync::OnceLock;

/// Rule ids of this detector.
pub const RULES: [&str; 1] = ["format.template_leftover"];

/// Template-leftover checks.
#[derive(Debug, Default)]
pub struct LeftoverDetector;

impl LeftoverDetector {
    /// The detector.
    pub fn new() -> Self {
        LeftoverDetector
    }
}

type Out<'o> = super::charclass::RuleOut<'o, 1>;

/// Longest line (in characters) that can be a leftover.
const MAX_CHARS: usize = 120;

struct Patterns {
    pagination: Regex,
    prev_next: Regex,
    tools: Regex,
    qr: Regex,
    breadcrumb: Regex,
    footer_strong: Regex,
    footer_weak: Regex,
    nav_word: Regex,
}

fn patterns() -> Option<&'static Patterns> {
    static P: OnceLock<Option<Patterns>> = OnceLock::new();
    P.get_or_init(|| {
        let r = |s: &str| Regex::new(s).ok();
        Some(Patterns {
            pagination: r(r"^(?:\s|首页|上一页|下一页|尾页|末页|上页|下页|前一页|后一页|最后一页|跳转到?|转到|到第|GO|Go|go|确定|共\s*\d+\s*(?:页|条|篇|条记录)|第\s*\d+\s*页|当前第?\s*\d+\s*页|\d+\s*/\s*\d+\s*页?|\d+|页|[<>«»‹›\[\]【】|.…·:：,，/])+$")?,
            prev_next: r(r"^(?:上一篇|下一篇|上一条|下一条|上一則|下一則)\s*[:：]")?,
            tools: r(r"[【\[](?:打印本页|打印此页|打印|关闭窗口|关闭本页|关闭|收藏|加入收藏|纠错|我要纠错|返回顶部|保存本页|字体\s*[:：]?\s*大\s*中\s*小|大\s*中\s*小)[】\]]|打印本页|关闭窗口|打印此页|关闭本页|返回顶部|(?:字号|字体)\s*[:：]\s*大\s*中\s*小|分享到\s*[:：]")?,
            qr: r(r"扫一扫在手机(?:上)?(?:打开|查看|阅读|浏览)(?:当前|本|此)页(?:面)?|(?:用手机|手机)扫(?:描|一扫)?二维码|扫描二维码(?:在手机上)?(?:打开|查看|阅读|分享)(?:本|当前|此)?(?:页|页面|文章)")?,
            breadcrumb: r(r"^(?:(?:当前位置|您现在的位置|您的位置|您当前的位置|所在位置|现在位置|当前页面)\s*(?:是)?\s*[:：]|(?:首页|网站首页|主页)\s*(?:>>?|»|›|/|→|＞|>)\s*\S)")?,
            footer_strong: r(r"ICP[备证]|网站标识码|公网安备|(?i:copyright)|©")?,
            footer_weak: r(r"版权所有|主办单位|承办单位|技术支持|联系我们|网站地图|建议使用.{0,16}浏览器|分辨率|设为首页|加入收藏|免责声明|隐私政策|网站声明")?,
            nav_word: r(r"^(?:首页|网站首页|联系我们|网站地图|关于我们|设为首页|加入收藏|登录|注册|English|无障碍|长者模式)$")?,
        })
    })
    .as_ref()
}

impl Detector for LeftoverDetector {
    fn name(&self) -> &'static str {
        "leftovers"
    }

    fn categories(&self) -> &[Category] {
        &[Category::Format]
    }

    fn rules(&self) -> Vec<&str> {
        RULES.to_vec()
    }

    fn detect(&self, ctx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let text = ctx.doc.text();
        let (Some(mut o), Some(p)) = (Out::new(ctx, &RULES, out), patterns()) else {
            return;
        };
        let info = ctx.doc.html_info();
        for (base, line) in lines(text) {
            let trimmed = line.trim_matches([' ', '\u{3000}', '\t', '\u{a0}']);
            if trimmed.is_empty() || trimmed.len() > MAX_CHARS * 4 {
                continue;
            }
            let at = base
                + (line.len()
                    - line
                        .trim_start_matches([' ', '\u{3000}', '\t', '\u{a0}'])
                        .len());
            if info.is_some_and(|h| h.in_chrome(at)) {
                continue;
            }
            if let Some((s, e, msg)) = leftover(p, trimmed) {
                o.push(
                    0,
                    Severity::Warning,
                    at + s,
                    at + e,
                    msg,
                    Some(String::new()),
                );
            }
        }
    }
}

/// A leftover in a trimmed line: its byte range in the line and the message.
fn leftover(p: &Patterns, line: &str) -> Option<(usize, usize, &'static str)> {
    let chars = line.chars().count();
    if chars > MAX_CHARS {
        return None;
    }
    let whole = (0, line.len());
    let has_page_word = ["下一页", "上一页", "尾页", "末页", "下页", "上页"]
        .iter()
        .any(|w| line.contains(w));
    if has_page_word && p.pagination.is_match(line) {
        return Some((whole.0, whole.1, "正文中残留分页导航（模板残留）"));
    }
    if p.prev_next.is_match(line) && chars <= 80 {
        return Some((
            whole.0,
            whole.1,
            "正文中残留“上一篇／下一篇”链接（模板残留）",
        ));
    }
    if p.breadcrumb.is_match(line) && chars <= 60 {
        return Some((whole.0, whole.1, "正文中残留面包屑导航（模板残留）"));
    }
    if chars <= 60 {
        let mut tools = p.tools.find_iter(line).chain(p.qr.find_iter(line));
        if let Some(first) = tools.next() {
            let (s, e) = tools.fold((first.start(), first.end()), |(s, e), m| {
                (s.min(m.start()), e.max(m.end()))
            });
            return Some((
                s,
                e,
                "正文中残留打印、关闭、分享或二维码等页面工具（模板残留）",
            ));
        }
    }
    let strong = p.footer_strong.find_iter(line).count();
    let (mut weak, mut site) = (0, 0);
    for m in p.footer_weak.find_iter(line) {
        weak += 1;
        // 主办单位/承办单位 also head event notices: a footer needs a site word too
        site += usize::from(!matches!(m.as_str(), "主办单位" | "承办单位"));
    }
    if (strong >= 1 && (weak >= 1 || chars <= 40) || (weak >= 2 && site >= 1))
        && !line.contains('。')
    {
        return Some((
            whole.0,
            whole.1,
            "正文中残留网站页脚（版权、备案等，模板残留）",
        ));
    }
    // a navigation bar: three or more short items split by `|` or spaces, one of them a
    // site-navigation word
    let items: Vec<&str> = line
        .split(['|', '｜', ' ', '\u{3000}', '·'])
        .filter(|x| !x.is_empty())
        .collect();
    if items.len() >= 3
        && items.iter().all(|x| x.chars().count() <= 8)
        && items.iter().any(|x| p.nav_word.is_match(x))
        && !line.contains(['，', '。', '；'])
    {
        return Some((whole.0, whole.1, "正文中残留导航栏（模板残留）"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(line: &str) -> Option<&'static str> {
        leftover(patterns()?, line).map(|x| x.2)
    }

    #[test]
    fn leftovers_found() {
        for l in [
            "1 2 3 4 5 下一页",
            "首页 上一页 1 2 3 下一页 尾页 共5页",
            "上一篇：关于开展安全生产检查的通知",
            "下一篇: 市政府召开常务会议",
            "【打印本页】【关闭窗口】",
            "【字体：大 中 小】【打印】【关闭】",
            "扫一扫在手机打开当前页",
            "首页 > 新闻中心 > 工作动态",
            "当前位置：首页 > 政务公开",
            "版权所有：某某市人民政府办公室 京ICP备12345678号",
            "网站标识码：1101000001",
            "首页 | 政务公开 | 办事服务 | 联系我们",
        ] {
            assert!(hit(l).is_some(), "{l}");
        }
    }

    #[test]
    fn prose_is_clean() {
        for l in [
            "他把文件打印出来，随后关闭了窗口。",
            "第1页至第3页为附件。",
            "主办单位：市文联；承办单位为市图书馆。",
            "网站首页改版后，访问量增长了一倍。",
            "上一篇文章里我们讲过这个问题。",
            "首页",
            "1 2 3",
            "本书版权所有，翻印必究。",
            "主办单位：市文联 承办单位：市图书馆",
        ] {
            assert!(hit(l).is_none(), "{l}");
        }
    }
}
