#!/usr/bin/env python3
"""The rules every reply letter keeps (issue 12 item 3, and what a reader of
RFC 6335 who never saw the tool misread in the first letters):

  letter_rules.py FILE...    prints "FILE: problem" lines, exit 1 if any

- 72 columns; no tool name, command option or request-file field syntax;
- a greeting and "Kind regards,";
- no URL in the text: each RFC section cited in the text ("RFC 6335,
  Section 8.1", "RFC 6763") is in the References list after the
  signature, with its rfc-editor.org URL, and each reference is cited;
- jargon spelled out where it first appears: the IESG, ALPN, DNS-SD;
  RFC 6335's terms System, User and Dynamic Ports; no raw registry
  description in quotes and parentheses ('("SNMP")');
- the closing says what to do next and how (reply to this message),
  matching what the paragraphs asked: "your answer" only when a paragraph
  asks something (tell us, confirm), "the information asked for above"
  only when one asks to send something, "a revised request" only when one
  asks for a change; and every question is answered for in the closing.
"""
import re
import sys

FIELDS = ("Service-Name|Transport|Port|Description|Assignee|Contact|Reference|Justification|"
          "Security|Related-Service|Discovery|Multicast|Congestion|Versioning|Service-Code|"
          "Defined-TXT-Keys|Notes")

CITE = re.compile(r"RFC (\d+)(?:, Sections? ((?:\d+(?:\.\d+)*)(?:(?:, | and )\d+(?:\.\d+)*)*))?")


def cited(text):
    """{(rfc, section or '')} cited in running text."""
    out = set()
    for m in CITE.finditer(text):
        if m.group(2):
            for sec in re.split(r", | and ", m.group(2)):
                out.add((m.group(1), sec))
        else:
            out.add((m.group(1), ""))
    return out


def first_use(text, short, long_form):
    """Is the first mention of short inside long_form?"""
    i = text.find(short)
    if i < 0:
        return True
    j = text.find(long_form)
    return j >= 0 and j <= i < j + len(long_form)


def check(letter):
    problems = []
    for n, line in enumerate(letter.split("\n"), 1):
        if len(line) > 72:
            problems.append("line %d has %d columns" % (n, len(line)))
    if re.search(r"portreg", letter, re.I):
        problems.append("names the tool")
    if re.search(r"(^|\s)--[a-z]", letter):
        problems.append("names an option")
    if re.search(r"\b(%s):" % FIELDS, letter, re.I) or \
            re.search(r"\b(Service-Name|Related-Service|Service-Code|Defined-TXT-Keys)\b", letter):
        problems.append("request-file syntax")
    if not letter.startswith("Dear ") or "\nKind regards,\n" not in letter:
        return problems + ["no greeting or closing"]
    body, _, tail = letter.partition("\nKind regards,\n")
    paras = [" ".join(p.split()) for p in body.split("\n\n") if p.strip()]
    text = " ".join(paras)

    # citations in the text, URLs in the references
    if "://" in body:
        problems.append("a URL in the text")
    refs = {}
    if "\nReferences:\n" in tail:
        items = re.findall(r"^- RFC (\d+)(?:, Section ([\d.]+))?[^\n]*(?:\n  (?!https)[^\n]*)*\n"
                           r"  (\S+)$", tail.split("\nReferences:\n", 1)[1], re.M)
        for rfc, sec, url in items:
            want = "https://www.rfc-editor.org/rfc/rfc%s%s" % (rfc, "#section-" + sec if sec else "")
            if url != want:
                problems.append("reference RFC %s %s has URL %s" % (rfc, sec, url))
            refs[(rfc, sec)] = url
    in_text = cited(text)
    for c in sorted(in_text - set(refs)):
        problems.append("RFC %s %s cited but not in the references" % c)
    for c in sorted(set(refs) - in_text):
        problems.append("RFC %s %s in the references but not cited" % c)

    # words a reader of RFC 6335 knows, spelled out once
    if not first_use(text, "IESG", "Internet Engineering Steering Group (IESG)"):
        problems.append("IESG before it is spelled out")
    if not first_use(text, "ALPN", "Application-Layer Protocol Negotiation (ALPN"):
        problems.append("ALPN before it is spelled out")
    if not first_use(text, "DNS-SD", "DNS-Based Service Discovery (DNS-SD)"):
        problems.append("DNS-SD before it is spelled out")
    for w in ("system port", "user port", "dynamic port", "dynamic range", "from the first byte"):
        if w in text:
            problems.append("says '%s'" % w)
    if re.search(r'\("[^"]*"\)', text):
        problems.append("a raw description in quotes and parentheses")
    for w in ("answered the points above", "stands in the way", "changes hands",
              "See RFC"):
        if w in text:
            problems.append("says '%s'" % w)

    # the closing: what to do next, from what was asked
    closing = paras[-1]
    asked = " ".join(paras[1:-1])
    if "Please reply to this message with" not in closing and \
            "There is no need to reply to this message" not in closing:
        problems.append("the closing says neither what to send nor that no reply is needed")
    question = re.search(r"\b(?:please tell us|or tell us|please confirm)\b", asked, re.I)
    if bool(re.search(r"your answers?\b", closing)) != bool(question):
        problems.append("the closing's 'your answer' does not match the questions asked")
    if ("information asked for above" in closing) != ("Please send" in asked):
        problems.append("the closing's 'information asked for' does not match the paragraphs")
    change = re.search(r"Please ask for|Please choose|Please consider|ask only for|"
                       r"If you can use another|Please carry|Please use|Otherwise, please ask|"
                       r"Options to consider",
                       asked)
    if ("revised request" in closing) != bool(change) and "declined" not in closing:
        problems.append("the closing's 'revised request' does not match the paragraphs")
    return problems


def main():
    bad = 0
    for path in sys.argv[1:]:
        text = open(path, encoding="utf-8").read()
        # several requests: a "==> FILE:LINE: NAME: VERDICT <==" line before each letter
        for letter in re.split(r"(?m)^==> .* <==\n", text):
            if not letter.strip():
                continue
            for p in check(letter.rstrip("\n") + "\n"):
                print("%s: %s" % (path, p))
                bad = 1
    sys.exit(bad)


if __name__ == "__main__":
    main()
