"""Every `IsUserAgentAllowed` case of google/robotstxt `robots_test.cc`, as data, keeping Google's test names.

Source: https://github.com/google/robotstxt/blob/22b355f/robots_test.cc (Apache-2.0), commit
22b355f (2026-04-01). Extracted mechanically (each `EXPECT_TRUE/FALSE(IsUserAgentAllowed(robots, agent, url))`, numbered
in file order within its TEST); the five GoogleOnly_LineTooLong cases are rebuilt below as the C++ builds
them. Each row: (test name, case number in that test, robots.txt text, agent, url, Google's answer).

Also: the 12 `IsValidUserAgentToObey` cases (VALID_AGENT_CASES) and the byte-order-mark and line-ending
parser cases (BOM_CASES, LINE_END_CASES), restated as verdicts since we have no parse callback API.

DIFFERENCES maps (test name, case number) to the reason we deliberately answer otherwise.
"""

R = [
    # 0
    '',
    # 1
    'user-agent: FooBot\n'
    'disallow: /\n',
    # 2
    'foo: FooBot\n'
    'bar: /\n',
    # 3
    'user-agent FooBot\n'
    'disallow /\n',
    # 4
    'allow: /foo/bar/\n'
    '\n'
    'user-agent: FooBot\n'
    'disallow: /\n'
    'allow: /x/\n'
    'user-agent: BarBot\n'
    'disallow: /\n'
    'allow: /y/\n'
    '\n'
    '\n'
    'allow: /w/\n'
    'user-agent: BazBot\n'
    '\n'
    'user-agent: FooBot\n'
    'allow: /z/\n'
    'disallow: /\n',
    # 5
    'User-agent: BarBot\n'
    'Sitemap: https://foo.bar/sitemap\n'
    'User-agent: *\n'
    'Disallow: /\n',
    # 6
    'User-agent: FooBot\n'
    'Invalid-Unknown-Line: unknown\n'
    'User-agent: *\n'
    'Disallow: /\n',
    # 7
    'USER-AGENT: FooBot\n'
    'ALLOW: /x/\n'
    'DISALLOW: /\n',
    # 8
    'user-agent: FooBot\n'
    'allow: /x/\n'
    'disallow: /\n',
    # 9
    'uSeR-aGeNt: FooBot\n'
    'AlLoW: /x/\n'
    'dIsAlLoW: /\n',
    # 10
    'User-Agent: FOO BAR\n'
    'Allow: /x/\n'
    'Disallow: /\n',
    # 11
    'User-Agent: foo bar\n'
    'Allow: /x/\n'
    'Disallow: /\n',
    # 12
    'User-Agent: FoO bAr\n'
    'Allow: /x/\n'
    'Disallow: /\n',
    # 13
    'User-Agent: *\n'
    'Disallow: /\n'
    'User-Agent: Foo Bar\n'
    'Allow: /x/\n'
    'Disallow: /\n',
    # 14
    'user-agent: *\n'
    'allow: /\n'
    'user-agent: FooBot\n'
    'disallow: /\n',
    # 15
    'user-agent: FooBot\n'
    'allow: /\n'
    'user-agent: BarBot\n'
    'disallow: /\n'
    'user-agent: BazBot\n'
    'disallow: /\n',
    # 16
    'user-agent: FooBot\n'
    'disallow: /x/\n',
    # 17
    'user-agent: FooBot\n'
    'disallow: /X/\n',
    # 18
    'user-agent: FooBot\n'
    'disallow: /x/page.html\n'
    'allow: /x/\n',
    # 19
    'user-agent: FooBot\n'
    'allow: /x/page.html\n'
    'disallow: /x/\n',
    # 20
    'user-agent: FooBot\n'
    'disallow: \n'
    'allow: \n',
    # 21
    'user-agent: FooBot\n'
    'disallow: /\n'
    'allow: /\n',
    # 22
    'user-agent: FooBot\n'
    'disallow: /x\n'
    'allow: /x/\n',
    # 23
    'user-agent: FooBot\n'
    'disallow: /x/page.html\n'
    'allow: /x/page.html\n',
    # 24
    'user-agent: FooBot\n'
    'allow: /page\n'
    'disallow: /*.html\n',
    # 25
    'user-agent: FooBot\n'
    'allow: /x/page.\n'
    'disallow: /*.html\n',
    # 26
    'User-agent: *\n'
    'Disallow: /x/\n'
    'User-agent: FooBot\n'
    'Disallow: /y/\n',
    # 27
    'User-agent: FooBot\n'
    'Disallow: /\n'
    'Allow: /foo/bar?qux=taz&baz=http://foo.bar?tar&par\n',
    # 28
    'User-agent: FooBot\n'
    'Disallow: /\n'
    'Allow: /foo/bar/ツ\n',
    # 29
    'User-agent: FooBot\n'
    'Disallow: /\n'
    'Allow: /foo/bar/%E3%83%84\n',
    # 30
    'User-agent: FooBot\n'
    'Disallow: /\n'
    'Allow: /foo/bar/%62%61%7A\n',
    # 31
    'User-agent: FooBot\n'
    'Disallow: /foo/bar/quz\n'
    'Allow: /foo/*/qux\n',
    # 32
    'User-agent: FooBot\n'
    'Disallow: /foo/bar$\n'
    'Allow: /foo/bar/qux\n',
    # 33
    'User-agent: FooBot\n'
    '# Disallow: /\n'
    'Disallow: /foo/quz#qux\n'
    'Allow: /\n',
    # 34
    'User-Agent: *\n'
    'Allow: /allowed-slash/index.html\n'
    'Disallow: /\n',
    # 35
    'user-agent: FooBot\n'
    'disallow: /\n'
    'allow: /fish\n',
    # 36
    'user-agent: FooBot\n'
    'disallow: /\n'
    'allow: /fish*\n',
    # 37
    'user-agent: FooBot\n'
    'disallow: /\n'
    'allow: /fish/\n',
    # 38
    'user-agent: FooBot\n'
    'disallow: /\n'
    'allow: /*.php\n',
    # 39
    'user-agent: FooBot\n'
    'disallow: /\n'
    'allow: /*.php$\n',
    # 40
    'user-agent: FooBot\n'
    'disallow: /\n'
    'allow: /fish*.php\n',
    # 41
    'user-agent: FooBot\n'
    'allow: /p\n'
    'disallow: /\n',
    # 42
    'user-agent: FooBot\n'
    'allow: /folder\n'
    'disallow: /folder\n',
    # 43
    'user-agent: FooBot\n'
    'allow: /page\n'
    'disallow: /*.htm\n',
    # 44
    'user-agent: FooBot\n'
    'allow: /$\n'
    'disallow: /\n',
]

CASES = [
    ('GoogleOnly_SystemTest', 1, R[0], 'FooBot', '', True),
    ('GoogleOnly_SystemTest', 2, R[1], '', '', True),
    ('GoogleOnly_SystemTest', 3, R[1], 'FooBot', '', False),
    ('GoogleOnly_SystemTest', 4, R[0], '', '', True),
    ('ID_LineSyntax_Line', 1, R[1], 'FooBot', 'http://foo.bar/x/y', False),
    ('ID_LineSyntax_Line', 2, R[2], 'FooBot', 'http://foo.bar/x/y', True),
    ('ID_LineSyntax_Line', 3, R[3], 'FooBot', 'http://foo.bar/x/y', False),
    ('ID_LineSyntax_Groups', 1, R[4], 'FooBot', 'http://foo.bar/x/b', True),
    ('ID_LineSyntax_Groups', 2, R[4], 'FooBot', 'http://foo.bar/z/d', True),
    ('ID_LineSyntax_Groups', 3, R[4], 'FooBot', 'http://foo.bar/y/c', False),
    ('ID_LineSyntax_Groups', 4, R[4], 'BarBot', 'http://foo.bar/y/c', True),
    ('ID_LineSyntax_Groups', 5, R[4], 'BarBot', 'http://foo.bar/w/a', True),
    ('ID_LineSyntax_Groups', 6, R[4], 'BarBot', 'http://foo.bar/z/d', False),
    ('ID_LineSyntax_Groups', 7, R[4], 'BazBot', 'http://foo.bar/z/d', True),
    ('ID_LineSyntax_Groups', 8, R[4], 'FooBot', 'http://foo.bar/foo/bar/', False),
    ('ID_LineSyntax_Groups', 9, R[4], 'BarBot', 'http://foo.bar/foo/bar/', False),
    ('ID_LineSyntax_Groups', 10, R[4], 'BazBot', 'http://foo.bar/foo/bar/', False),
    ('ID_LineSyntax_Groups_OtherRules', 1, R[5], 'FooBot', 'http://foo.bar/', False),
    ('ID_LineSyntax_Groups_OtherRules', 2, R[5], 'BarBot', 'http://foo.bar/', False),
    ('ID_LineSyntax_Groups_OtherRules', 3, R[6], 'FooBot', 'http://foo.bar/', False),
    ('ID_LineSyntax_Groups_OtherRules', 4, R[6], 'BarBot', 'http://foo.bar/', False),
    ('ID_REPLineNamesCaseInsensitive', 1, R[7], 'FooBot', 'http://foo.bar/x/y', True),
    ('ID_REPLineNamesCaseInsensitive', 2, R[8], 'FooBot', 'http://foo.bar/x/y', True),
    ('ID_REPLineNamesCaseInsensitive', 3, R[9], 'FooBot', 'http://foo.bar/x/y', True),
    ('ID_REPLineNamesCaseInsensitive', 4, R[7], 'FooBot', 'http://foo.bar/a/b', False),
    ('ID_REPLineNamesCaseInsensitive', 5, R[8], 'FooBot', 'http://foo.bar/a/b', False),
    ('ID_REPLineNamesCaseInsensitive', 6, R[9], 'FooBot', 'http://foo.bar/a/b', False),
    ('ID_UserAgentValueCaseInsensitive', 1, R[10], 'Foo', 'http://foo.bar/x/y', True),
    ('ID_UserAgentValueCaseInsensitive', 2, R[11], 'Foo', 'http://foo.bar/x/y', True),
    ('ID_UserAgentValueCaseInsensitive', 3, R[12], 'Foo', 'http://foo.bar/x/y', True),
    ('ID_UserAgentValueCaseInsensitive', 4, R[10], 'Foo', 'http://foo.bar/a/b', False),
    ('ID_UserAgentValueCaseInsensitive', 5, R[11], 'Foo', 'http://foo.bar/a/b', False),
    ('ID_UserAgentValueCaseInsensitive', 6, R[12], 'Foo', 'http://foo.bar/a/b', False),
    ('ID_UserAgentValueCaseInsensitive', 7, R[10], 'foo', 'http://foo.bar/x/y', True),
    ('ID_UserAgentValueCaseInsensitive', 8, R[11], 'foo', 'http://foo.bar/x/y', True),
    ('ID_UserAgentValueCaseInsensitive', 9, R[12], 'foo', 'http://foo.bar/x/y', True),
    ('ID_UserAgentValueCaseInsensitive', 10, R[10], 'foo', 'http://foo.bar/a/b', False),
    ('ID_UserAgentValueCaseInsensitive', 11, R[11], 'foo', 'http://foo.bar/a/b', False),
    ('ID_UserAgentValueCaseInsensitive', 12, R[12], 'foo', 'http://foo.bar/a/b', False),
    ('GoogleOnly_AcceptUserAgentUpToFirstSpace', 1, R[13], 'Foo', 'http://foo.bar/x/y', True),
    ('GoogleOnly_AcceptUserAgentUpToFirstSpace', 2, R[13], 'Foo Bar', 'http://foo.bar/x/y', False),
    ('ID_GlobalGroups_Secondary', 1, R[0], 'FooBot', 'http://foo.bar/x/y', True),
    ('ID_GlobalGroups_Secondary', 2, R[14], 'FooBot', 'http://foo.bar/x/y', False),
    ('ID_GlobalGroups_Secondary', 3, R[14], 'BarBot', 'http://foo.bar/x/y', True),
    ('ID_GlobalGroups_Secondary', 4, R[15], 'QuxBot', 'http://foo.bar/x/y', True),
    ('ID_AllowDisallow_Value_CaseSensitive', 1, R[16], 'FooBot', 'http://foo.bar/x/y', False),
    ('ID_AllowDisallow_Value_CaseSensitive', 2, R[17], 'FooBot', 'http://foo.bar/x/y', True),
    ('ID_LongestMatch', 1, R[18], 'FooBot', 'http://foo.bar/x/page.html', False),
    ('ID_LongestMatch', 2, R[19], 'FooBot', 'http://foo.bar/x/page.html', True),
    ('ID_LongestMatch', 3, R[19], 'FooBot', 'http://foo.bar/x/', False),
    ('ID_LongestMatch', 4, R[20], 'FooBot', 'http://foo.bar/x/page.html', True),
    ('ID_LongestMatch', 5, R[21], 'FooBot', 'http://foo.bar/x/page.html', True),
    ('ID_LongestMatch', 6, R[22], 'FooBot', 'http://foo.bar/x', False),
    ('ID_LongestMatch', 7, R[22], 'FooBot', 'http://foo.bar/x/', True),
    ('ID_LongestMatch', 8, R[23], 'FooBot', 'http://foo.bar/x/page.html', True),
    ('ID_LongestMatch', 9, R[24], 'FooBot', 'http://foo.bar/page.html', False),
    ('ID_LongestMatch', 10, R[24], 'FooBot', 'http://foo.bar/page', True),
    ('ID_LongestMatch', 11, R[25], 'FooBot', 'http://foo.bar/x/page.html', True),
    ('ID_LongestMatch', 12, R[25], 'FooBot', 'http://foo.bar/x/y.html', False),
    ('ID_LongestMatch', 13, R[26], 'FooBot', 'http://foo.bar/x/page', True),
    ('ID_LongestMatch', 14, R[26], 'FooBot', 'http://foo.bar/y/page', False),
    ('ID_Encoding', 1, R[27], 'FooBot', 'http://foo.bar/foo/bar?qux=taz&baz=http://foo.bar?tar&par', True),
    ('ID_Encoding', 2, R[28], 'FooBot', 'http://foo.bar/foo/bar/%E3%83%84', True),
    ('ID_Encoding', 3, R[28], 'FooBot', 'http://foo.bar/foo/bar/ツ', False),
    ('ID_Encoding', 4, R[29], 'FooBot', 'http://foo.bar/foo/bar/%E3%83%84', True),
    ('ID_Encoding', 5, R[29], 'FooBot', 'http://foo.bar/foo/bar/ツ', False),
    ('ID_Encoding', 6, R[30], 'FooBot', 'http://foo.bar/foo/bar/baz', False),
    ('ID_Encoding', 7, R[30], 'FooBot', 'http://foo.bar/foo/bar/%62%61%7A', True),
    ('ID_SpecialCharacters', 1, R[31], 'FooBot', 'http://foo.bar/foo/bar/quz', False),
    ('ID_SpecialCharacters', 2, R[31], 'FooBot', 'http://foo.bar/foo/quz', True),
    ('ID_SpecialCharacters', 3, R[31], 'FooBot', 'http://foo.bar/foo//quz', True),
    ('ID_SpecialCharacters', 4, R[31], 'FooBot', 'http://foo.bar/foo/bax/quz', True),
    ('ID_SpecialCharacters', 5, R[32], 'FooBot', 'http://foo.bar/foo/bar', False),
    ('ID_SpecialCharacters', 6, R[32], 'FooBot', 'http://foo.bar/foo/bar/qux', True),
    ('ID_SpecialCharacters', 7, R[32], 'FooBot', 'http://foo.bar/foo/bar/', True),
    ('ID_SpecialCharacters', 8, R[32], 'FooBot', 'http://foo.bar/foo/bar/baz', True),
    ('ID_SpecialCharacters', 9, R[33], 'FooBot', 'http://foo.bar/foo/bar', True),
    ('ID_SpecialCharacters', 10, R[33], 'FooBot', 'http://foo.bar/foo/quz', False),
    ('GoogleOnly_IndexHTMLisDirectory', 1, R[34], 'foobot', 'http://foo.com/allowed-slash/', True),
    ('GoogleOnly_IndexHTMLisDirectory', 2, R[34], 'foobot', 'http://foo.com/allowed-slash/index.htm', False),
    ('GoogleOnly_IndexHTMLisDirectory', 3, R[34], 'foobot', 'http://foo.com/allowed-slash/index.html', True),
    ('GoogleOnly_IndexHTMLisDirectory', 4, R[34], 'foobot', 'http://foo.com/anyother-url', False),
    ('GoogleOnly_DocumentationChecks', 1, R[35], 'FooBot', 'http://foo.bar/bar', False),
    ('GoogleOnly_DocumentationChecks', 2, R[35], 'FooBot', 'http://foo.bar/fish', True),
    ('GoogleOnly_DocumentationChecks', 3, R[35], 'FooBot', 'http://foo.bar/fish.html', True),
    ('GoogleOnly_DocumentationChecks', 4, R[35], 'FooBot', 'http://foo.bar/fish/salmon.html', True),
    ('GoogleOnly_DocumentationChecks', 5, R[35], 'FooBot', 'http://foo.bar/fishheads', True),
    ('GoogleOnly_DocumentationChecks', 6, R[35], 'FooBot', 'http://foo.bar/fishheads/yummy.html', True),
    ('GoogleOnly_DocumentationChecks', 7, R[35], 'FooBot', 'http://foo.bar/fish.html?id=anything', True),
    ('GoogleOnly_DocumentationChecks', 8, R[35], 'FooBot', 'http://foo.bar/Fish.asp', False),
    ('GoogleOnly_DocumentationChecks', 9, R[35], 'FooBot', 'http://foo.bar/catfish', False),
    ('GoogleOnly_DocumentationChecks', 10, R[35], 'FooBot', 'http://foo.bar/?id=fish', False),
    ('GoogleOnly_DocumentationChecks', 11, R[36], 'FooBot', 'http://foo.bar/bar', False),
    ('GoogleOnly_DocumentationChecks', 12, R[36], 'FooBot', 'http://foo.bar/fish', True),
    ('GoogleOnly_DocumentationChecks', 13, R[36], 'FooBot', 'http://foo.bar/fish.html', True),
    ('GoogleOnly_DocumentationChecks', 14, R[36], 'FooBot', 'http://foo.bar/fish/salmon.html', True),
    ('GoogleOnly_DocumentationChecks', 15, R[36], 'FooBot', 'http://foo.bar/fishheads', True),
    ('GoogleOnly_DocumentationChecks', 16, R[36], 'FooBot', 'http://foo.bar/fishheads/yummy.html', True),
    ('GoogleOnly_DocumentationChecks', 17, R[36], 'FooBot', 'http://foo.bar/fish.html?id=anything', True),
    ('GoogleOnly_DocumentationChecks', 18, R[36], 'FooBot', 'http://foo.bar/Fish.bar', False),
    ('GoogleOnly_DocumentationChecks', 19, R[36], 'FooBot', 'http://foo.bar/catfish', False),
    ('GoogleOnly_DocumentationChecks', 20, R[36], 'FooBot', 'http://foo.bar/?id=fish', False),
    ('GoogleOnly_DocumentationChecks', 21, R[37], 'FooBot', 'http://foo.bar/bar', False),
    ('GoogleOnly_DocumentationChecks', 22, R[37], 'FooBot', 'http://foo.bar/fish/', True),
    ('GoogleOnly_DocumentationChecks', 23, R[37], 'FooBot', 'http://foo.bar/fish/salmon', True),
    ('GoogleOnly_DocumentationChecks', 24, R[37], 'FooBot', 'http://foo.bar/fish/?salmon', True),
    ('GoogleOnly_DocumentationChecks', 25, R[37], 'FooBot', 'http://foo.bar/fish/salmon.html', True),
    ('GoogleOnly_DocumentationChecks', 26, R[37], 'FooBot', 'http://foo.bar/fish/?id=anything', True),
    ('GoogleOnly_DocumentationChecks', 27, R[37], 'FooBot', 'http://foo.bar/fish', False),
    ('GoogleOnly_DocumentationChecks', 28, R[37], 'FooBot', 'http://foo.bar/fish.html', False),
    ('GoogleOnly_DocumentationChecks', 29, R[37], 'FooBot', 'http://foo.bar/Fish/Salmon.html', False),
    ('GoogleOnly_DocumentationChecks', 30, R[38], 'FooBot', 'http://foo.bar/bar', False),
    ('GoogleOnly_DocumentationChecks', 31, R[38], 'FooBot', 'http://foo.bar/filename.php', True),
    ('GoogleOnly_DocumentationChecks', 32, R[38], 'FooBot', 'http://foo.bar/folder/filename.php', True),
    ('GoogleOnly_DocumentationChecks', 33, R[38], 'FooBot', 'http://foo.bar/folder/filename.php?parameters', True),
    ('GoogleOnly_DocumentationChecks', 34, R[38], 'FooBot', 'http://foo.bar//folder/any.php.file.html', True),
    ('GoogleOnly_DocumentationChecks', 35, R[38], 'FooBot', 'http://foo.bar/filename.php/', True),
    ('GoogleOnly_DocumentationChecks', 36, R[38], 'FooBot', 'http://foo.bar/index?f=filename.php/', True),
    ('GoogleOnly_DocumentationChecks', 37, R[38], 'FooBot', 'http://foo.bar/php/', False),
    ('GoogleOnly_DocumentationChecks', 38, R[38], 'FooBot', 'http://foo.bar/index?php', False),
    ('GoogleOnly_DocumentationChecks', 39, R[38], 'FooBot', 'http://foo.bar/windows.PHP', False),
    ('GoogleOnly_DocumentationChecks', 40, R[39], 'FooBot', 'http://foo.bar/bar', False),
    ('GoogleOnly_DocumentationChecks', 41, R[39], 'FooBot', 'http://foo.bar/filename.php', True),
    ('GoogleOnly_DocumentationChecks', 42, R[39], 'FooBot', 'http://foo.bar/folder/filename.php', True),
    ('GoogleOnly_DocumentationChecks', 43, R[39], 'FooBot', 'http://foo.bar/filename.php?parameters', False),
    ('GoogleOnly_DocumentationChecks', 44, R[39], 'FooBot', 'http://foo.bar/filename.php/', False),
    ('GoogleOnly_DocumentationChecks', 45, R[39], 'FooBot', 'http://foo.bar/filename.php5', False),
    ('GoogleOnly_DocumentationChecks', 46, R[39], 'FooBot', 'http://foo.bar/php/', False),
    ('GoogleOnly_DocumentationChecks', 47, R[39], 'FooBot', 'http://foo.bar/filename?php', False),
    ('GoogleOnly_DocumentationChecks', 48, R[39], 'FooBot', 'http://foo.bar/aaaphpaaa', False),
    ('GoogleOnly_DocumentationChecks', 49, R[39], 'FooBot', 'http://foo.bar//windows.PHP', False),
    ('GoogleOnly_DocumentationChecks', 50, R[40], 'FooBot', 'http://foo.bar/bar', False),
    ('GoogleOnly_DocumentationChecks', 51, R[40], 'FooBot', 'http://foo.bar/fish.php', True),
    ('GoogleOnly_DocumentationChecks', 52, R[40], 'FooBot', 'http://foo.bar/fishheads/catfish.php?parameters', True),
    ('GoogleOnly_DocumentationChecks', 53, R[40], 'FooBot', 'http://foo.bar/Fish.PHP', False),
    ('GoogleOnly_DocumentationChecks', 54, R[41], 'FooBot', 'http://example.com/page', True),
    ('GoogleOnly_DocumentationChecks', 55, R[42], 'FooBot', 'http://example.com/folder/page', True),
    ('GoogleOnly_DocumentationChecks', 56, R[43], 'FooBot', 'http://example.com/page.htm', False),
    ('GoogleOnly_DocumentationChecks', 57, R[44], 'FooBot', 'http://example.com/', True),
    ('GoogleOnly_DocumentationChecks', 58, R[44], 'FooBot', 'http://example.com/page.html', False),
]


def _line_too_long() -> list[tuple]:
    """GoogleOnly_LineTooLong, built as the C++ test builds it (kMaxLineLen = 2083 * 8)."""
    eol, max_line, allow, disallow = 1, 2083 * 8, "allow: ", "disallow: "
    longline = "/x/"
    longline += "a" * (max_line - len(longline) - len(disallow) + eol - len(longline))
    first = "user-agent: FooBot\n" + disallow + longline + "/qux\n"
    size = max_line - len("/x/") - len(allow) + eol
    a, b = "/x/" + "a" * (size - 3), "/x/" + "b" * (size - 3)
    second = "user-agent: FooBot\ndisallow: /\n" + allow + a + "/qux\n" + allow + b + "/qux\n"
    name = "GoogleOnly_LineTooLong"
    return [
        (name, 1, first, "FooBot", "http://foo.bar/fux", True),
        (name, 2, first, "FooBot", "http://foo.bar" + longline + "/fux", False),
        (name, 3, second, "FooBot", "http://foo.bar/", False),
        (name, 4, second, "FooBot", "http://foo.bar" + a + "/qux", True),
        (name, 5, second, "FooBot", "http://foo.bar" + b + "/fux", True),
    ]


CASES += _line_too_long()

_RFC_ENCODING = ("RFC 9309 §2.2.2: octets outside ASCII are percent-encoded and percent-encoded unreserved "
                 "characters decoded in both the URL and the rule before comparing; Google expects callers "
                 "to pass URLs already encoded and compares escapes as written")
_CUT_ALLOW = ("an `allow` cut at Google's line limit would allow more than the site wrote: we drop it "
              "(a cut `disallow` is kept, it only reserves more); never fail open")
DIFFERENCES: dict[tuple[str, int], str] = {
    ("ID_Encoding", 3): _RFC_ENCODING,      # Allow /foo/bar/ツ vs raw ツ in the URL: we match
    ("ID_Encoding", 5): _RFC_ENCODING,      # Allow /foo/bar/%E3%83%84 vs raw ツ: we match
    ("ID_Encoding", 6): _RFC_ENCODING,      # Allow /foo/bar/%62%61%7A vs /foo/bar/baz: we match
    ("GoogleOnly_IndexHTMLisDirectory", 1): "Google-only: `allow: /x/index.html` also allows `/x/`; RFC "
                                            "9309 has no such rule and we keep the reservation (never fail open)",
    ("GoogleOnly_LineTooLong", 4): _CUT_ALLOW,
    ("GoogleOnly_LineTooLong", 5): _CUT_ALLOW,
}

#: RobotsMatcher::IsValidUserAgentToObey (ID_VerifyValidUserAgentsToObey, GoogleOnly_AcceptUserAgentUpToFirstSpace)
VALID_AGENT_CASES = [
    ("ID_VerifyValidUserAgentsToObey", 1, "Foobot", True),
    ("ID_VerifyValidUserAgentsToObey", 2, "Foobot-Bar", True),
    ("ID_VerifyValidUserAgentsToObey", 3, "Foo_Bar", True),
    ("ID_VerifyValidUserAgentsToObey", 4, None, False),
    ("ID_VerifyValidUserAgentsToObey", 5, "", False),
    ("ID_VerifyValidUserAgentsToObey", 6, "ツ", False),
    ("ID_VerifyValidUserAgentsToObey", 7, "Foobot*", False),
    ("ID_VerifyValidUserAgentsToObey", 8, " Foobot ", False),
    ("ID_VerifyValidUserAgentsToObey", 9, "Foobot/2.1", False),
    ("ID_VerifyValidUserAgentsToObey", 10, "Foobot Bar", False),
    ("GoogleOnly_AcceptUserAgentUpToFirstSpace", 0, "Foobot Bar", False),
]

# ID_UTF8ByteOrderMarkIsSkipped: (name, bytes, does `foo` get the Allow rule of line 2)
_BODY = b"User-Agent: foo\nAllow: /AnyValue\n"
BOM_CASES = [
    ("ID_UTF8ByteOrderMarkIsSkipped", "full BOM", b"\xef\xbb\xbf" + _BODY, True),
    ("ID_UTF8ByteOrderMarkIsSkipped", "partial 2-byte BOM", b"\xef\xbb" + _BODY, True),
    ("ID_UTF8ByteOrderMarkIsSkipped", "partial 1-byte BOM", b"\xef" + _BODY, True),
    ("ID_UTF8ByteOrderMarkIsSkipped", "broken BOM: one broken line", b"\xef\x11\xbf" + _BODY, False),
    ("ID_UTF8ByteOrderMarkIsSkipped", "BOM mid-file: one broken line",
     b"User-Agent: foo\n\xef\xbb\xbfAllow: /AnyValue\n", False),
]

# ID_LinesNumbersAreCountedCorrectly: 4 directives, the last (`Disallow: /`) on line 6
LINE_END_CASES = [
    ("unix", "User-Agent: foo\nAllow: /some/path\nUser-Agent: bar\n\n\nDisallow: /\n"),
    ("dos", "User-Agent: foo\r\nAllow: /some/path\r\nUser-Agent: bar\r\n\r\n\r\nDisallow: /\r\n"),
    ("mac", "User-Agent: foo\rAllow: /some/path\rUser-Agent: bar\r\r\rDisallow: /\r"),
    ("no final newline", "User-Agent: foo\nAllow: /some/path\nUser-Agent: bar\n\n\nDisallow: /"),
    ("mixed", "User-Agent: foo\nAllow: /some/path\r\nUser-Agent: bar\n\r\n\nDisallow: /"),
]
