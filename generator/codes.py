"""The catalogue of problem codes: one entry per code, with its severity and its messages.

Codes are stable: tests, CI annotations and staff documentation refer to them. Messages
and fixes are `str.format` templates in English and Chinese; `make` fills them in.
`docs/reference/error-codes.md` is generated from this table (`python -m generator schema`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .problems import Problem, Severity

E, W = Severity.error, Severity.warning


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    group: str
    message_en: str
    message_zh: str
    fix_en: str
    fix_zh: str


GROUPS = {
    "read": ("Reading files", "读取文件"),
    "layout": ("Folders and files", "文件夹与文件"),
    "field": ("Fields", "字段"),
    "reference": ("References between files", "文件之间的引用"),
    "meaning": ("Consistency of the figures", "数据的一致性"),
    "source": ("Sources", "出处"),
    "text": ("Translations", "翻译"),
}

_CODES = [
    # ---------------------------------------------------------------- reading
    Code(
        "file-too-large",
        E,
        "read",
        "The file is too large ({size} bytes; the limit is {limit}).",
        "文件太大（{size} 字节，上限为 {limit} 字节）。",
        "Each kind of data has one file (one `observations.csv` per plan), so it cannot be split: check that a "
        "different file (a workbook, an export with pictures, a whole report) was not saved under this name, and "
        "delete empty rows and columns left by the spreadsheet.",
        "每类数据只有一个文件（每个规划一个 `observations.csv`），不能拆分：请检查是否误把其他文件（工作簿、带图片的导出文件、"
        "整份报告）存成了这个文件名，并删除表格软件留下的空行和空列。",
    ),
    Code(
        "unreadable-file",
        E,
        "read",
        "The file cannot be read ({reason_en}).",
        "无法读取该文件（{reason_zh}）。",
        "Make it a normal file in this folder: not a folder, not a link to a file elsewhere (copy the file in "
        "instead), and not locked by another program.",
        "请把它换成这个文件夹里的普通文件：不是文件夹，也不是指向其他位置的链接（请把文件本身复制进来），并且没有被其他程序占用。",
    ),
    Code(
        "not-utf8",
        E,
        "read",
        "The file is not saved as UTF-8 (it looks like {encoding_seen}); the first unreadable byte is on this line.",
        "文件不是 UTF-8 编码（看起来像 {encoding_seen}）；第一个无法识别的字节在这一行。",
        'Save it again as UTF-8. Excel: File → Save As → "CSV UTF-8 (Comma delimited)". '
        "WPS: Save As → choose encoding UTF-8. Notepad: Save As → Encoding: UTF-8.",
        "请重新以 UTF-8 编码保存。Excel：文件 → 另存为 → “CSV UTF-8（逗号分隔）”；"
        "WPS：另存为 → 编码选择 UTF-8；记事本：另存为 → 编码选 UTF-8。",
    ),
    Code(
        "control-character",
        E,
        "read",
        "The line contains an invisible control character ({char}) at column {column}.",
        "该行第 {column} 列有一个看不见的控制字符（{char}）。",
        "Delete the character (retype the text around it); it often comes from copying out of PDF or Word.",
        "请删除这个字符（可重新输入附近的文字）；它通常是从 PDF 或 Word 复制时带进来的。",
    ),
    Code(
        "bidi-control",
        E,
        "read",
        "The line contains an invisible Unicode text-direction character, {char}, at column {column}: `{shown}`. "
        "It can change the order in which the characters around it are shown, so the text would display "
        "differently from what it says.",
        "该行第 {column} 列有一个看不见的 Unicode 文字方向控制符 {char_zh}：`{shown}`。它会改变附近文字的显示顺序，"
        "让显示的文字与实际内容不一致。",
        "Delete the character where ‹…› marks it and retype the text around it; it usually comes with text copied "
        "out of a web page, PDF or Word.",
        "请删除 ‹…› 标出的这个字符，并重新输入附近的文字；它通常是从网页、PDF 或 Word 复制文字时带进来的。",
    ),
    Code(
        "yaml-syntax",
        E,
        "read",
        "The YAML cannot be read: {detail}.",
        "YAML 格式有误，无法读取：{detail_zh}。",
        "Check indentation (spaces, not tabs), colons after field names, and matching brackets and quotes "
        "on this line and the line above.",
        "请检查这一行和上一行的缩进（用空格，不要用 Tab）、字段名后的冒号，以及括号和引号是否成对。",
    ),
    Code(
        "yaml-alias",
        E,
        "read",
        "YAML anchors and aliases (& and *) are not allowed.",
        "不允许使用 YAML 锚点和别名（& 和 *）。",
        "Write the value out in full; if the text starts with * or &, put it in quotes.",
        "请把内容完整写出；如果文字本身以 * 或 & 开头，请用引号括起来。",
    ),
    Code(
        "yaml-tag",
        E,
        "read",
        "YAML tags ({tag}) are not allowed.",
        "不允许使用 YAML 标签（{tag}）。",
        "Remove the tag; if the text starts with !, put it in quotes.",
        "请删除该标签；如果文字本身以 ! 开头，请用引号括起来。",
    ),
    Code(
        "yaml-too-deep",
        E,
        "read",
        "The YAML is nested more than {limit} levels deep.",
        "YAML 嵌套超过 {limit} 层。",
        "Check the brackets and indentation; no data file needs this many levels.",
        "请检查括号和缩进；数据文件不需要这么多层。",
    ),
    Code(
        "duplicate-key",
        E,
        "read",
        "The field `{key}` appears twice here; only one would be kept.",
        "字段 `{key}` 在这里出现了两次，只会保留其中一个。",
        "Keep one `{key}` and delete the other.",
        "请保留一个 `{key}`，删除另一个。",
    ),
    Code(
        "unquoted-comma",
        E,
        "read",
        "A comma inside `{{…}}` split the text: `{text}` was read as a separate field.",
        "`{{…}}` 里的逗号把文字截断了：`{text}` 被当成了另一个字段。",
        'Put the whole text in double quotes, e.g. en: "High-value patents per 10,000 people".',
        '请把整段文字放进英文双引号里，例如 en: "High-value patents per 10,000 people"。',
    ),
    Code(
        "empty-file",
        E,
        "read",
        "The file is empty.",
        "文件是空的。",
        "Fill it in (see docs/reference/data-format.md for an example) or delete the file.",
        "请填写内容（示例见 docs/reference/data-format.md），或删除该文件。",
    ),
    Code(
        "csv-syntax",
        E,
        "read",
        "The CSV cannot be read: {detail}.",
        "CSV 格式有误，无法读取：{detail_zh}。",
        "Check the quotes on this line: a value containing a comma or a quote must be in double quotes, "
        'and a quote inside it is written twice (""). The file may also have been cut off.',
        '请检查这一行的引号：含逗号或引号的内容要用英文双引号括起来，内容里的引号要写两次（""）。文件也可能被截断了。',
    ),
    Code(
        "csv-unknown-column",
        E,
        "read",
        "Unknown column `{name}`{suggestion_en}. Allowed columns: {allowed}.",
        "未知的列 `{name}`{suggestion_zh}。允许的列：{allowed}。",
        "Rename or delete the column; column names are in the first row.",
        "请修改或删除这一列；列名在第一行。",
    ),
    Code(
        "csv-chinese-column",
        E,
        "read",
        "The first row names columns in Chinese: {names_en}. Column names must be the English words the website "
        "reads, so the file cannot be read as it is.",
        "第一行用了中文列名：{names_zh}。列名必须用网站读取的英文名称，所以这个文件现在无法读取。",
        "Replace the first row with this line (the same columns in the same order; the rows below stay as they "
        "are): `{header}`",
        "请把第一行换成下面这一行（列和顺序都不变，下面的数据不用改）：`{header}`",
    ),
    Code(
        "csv-missing-column",
        E,
        "read",
        "The column `{name}` is missing.",
        "缺少 `{name}` 列。",
        "Add a column named `{name}` to the first row.",
        "请在第一行加上名为 `{name}` 的列。",
    ),
    Code(
        "csv-extra-values",
        E,
        "read",
        "This row has {count} cells but the header has {expected} columns, so its values would be read in the "
        "wrong columns.",
        "这一行有 {count} 个单元格，但表头只有 {expected} 列，数值会被读到错误的列里。",
        "A number or a text probably contains a comma (`1,234`, `表1,第2行`): write numbers without thousands "
        "separators (`1234`), put a text with a comma in double quotes, or remove the extra cells at the end.",
        "可能是某个数字或文字里含有逗号（如 `1,234`、`表1,第2行`）：数字请不要加千位分隔符（写成 `1234`），"
        "含逗号的文字请放进英文双引号里，或删除行末多余的单元格。",
    ),
    Code(
        "csv-missing-values",
        W,
        "read",
        "This row has {count} cells but the header has {expected} columns: {columns} are read as empty. If a "
        "cell was left out in the middle of the row instead, every cell after it is in the wrong column.",
        "这一行只有 {count} 个单元格，但表头有 {expected} 列：{columns} 将按空白读取。如果是行中间漏了一个"
        "单元格，它后面的每个单元格都会错位到前一列。",
        "Check the row against the header. If the last cells are meant to be empty, end the row with `{commas}` "
        "(as Excel saves it).",
        "请对照表头检查这一行。如果最后几个单元格本来就是空的，请在行末补上 `{commas}`（Excel 保存时就是这样）。",
    ),
    Code(
        "csv-merged-cell",
        E,
        "read",
        "This row has no {keys_en} but other cells are filled; it is probably left over from merged cells.",
        "这一行没有填写 {keys_zh}，但其他单元格有内容；可能是合并单元格留下的。",
        "Fill in {keys_en} on every row (unmerge the cells in the spreadsheet and copy the value down), "
        "or delete the row.",
        "请在每一行都填写 {keys_zh}（在表格软件中取消合并单元格并向下填充），或删除这一行。",
    ),
    Code(
        "excel-workbook",
        E,
        "read",
        "`{name}` is an Excel workbook ({kind} file) saved under a text file's name; the portal reads only text "
        "(CSV or YAML), not workbooks.",
        "`{name}` 是一个 Excel 工作簿（{kind} 文件），只是用了文本文件的名字；门户只能读取文本（CSV 或 YAML），不能读取工作簿。",
        'Open it in Excel and choose File → Save As → "CSV UTF-8 (Comma delimited) (*.csv)" (WPS: Save As → '
        '"CSV", encoding UTF-8); then upload the saved .csv file, not the workbook.',
        "请用 Excel 打开，选择 文件 → 另存为 → “CSV UTF-8（逗号分隔）(*.csv)”（WPS：另存为 → “CSV”，编码选 UTF-8），"
        "然后上传另存的 .csv 文件，而不是工作簿。",
    ),
    Code(
        "full-width-colon",
        E,
        "read",
        'A full-width colon "：" follows the field name `{key}` (column {column}); YAML only reads the ordinary '
        'colon ":", so this line cannot be read.',
        "字段名 `{key}` 后面是全角冒号“：”（第 {column} 列）；YAML 只认半角冒号“:”，所以这一行无法读取。",
        "Switch the input method to English (half-width) and write `{key}: ` — an ordinary colon followed by a space.",
        "请把输入法切换到英文（半角），写成 `{key}: `，即半角冒号后加一个空格。",
    ),
    Code(
        "csv-wrong-separator",
        E,
        "read",
        "The cells of this file are separated by {separator_en}, not commas, so its columns cannot be told apart.",
        "这个文件的单元格是用{separator_zh}分隔的，而不是逗号，因此无法区分各列。",
        'Save it again as CSV: Excel: File → Save As → "CSV UTF-8 (Comma delimited) (*.csv)" (not "Unicode '
        'Text"); WPS: Save As → "CSV", encoding UTF-8. If your Excel writes semicolons, set the list separator to '
        "a comma in the system's region settings first.",
        "请重新保存为 CSV：Excel：文件 → 另存为 → “CSV UTF-8（逗号分隔）(*.csv)”（不要选“Unicode 文本”）；"
        "WPS：另存为 → “CSV”，编码选 UTF-8。如果 Excel 保存出的是分号，请先在系统的区域设置中把列表分隔符改为逗号。",
    ),
    Code(
        "non-numeric-value",
        E,
        "read",
        "`{value}` in column `{name}` is not a number.",
        "`{name}` 列中的 `{value}` 不是数字。",
        "Write a plain number such as 1234 or 12.5 (no %, units or words; use a dot for decimals); "
        "put explanations in the note columns.",
        "请填写纯数字，如 1234 或 12.5（不要带 %、单位或文字，小数点用英文句点）；说明文字请写在备注列。",
    ),
    # ---------------------------------------------------------------- layout
    Code(
        "missing-file",
        E,
        "layout",
        "The file `{name}` is missing from this folder.",
        "该文件夹中缺少文件 `{name}`。",
        "Add `{name}` (see docs/reference/data-format.md), or remove the folder.",
        "请添加 `{name}`（参见 docs/reference/data-format.md），或删除该文件夹。",
    ),
    Code(
        "unknown-file",
        W,
        "layout",
        "The file `{name}` is not part of the data format and is ignored{suggestion_en}.",
        "文件 `{name}` 不属于数据格式，将被忽略{suggestion_zh}。",
        "Rename it to one of: {allowed}; or move it out of data/.",
        "请改名为以下之一：{allowed}；或将其移出 data/。",
    ),
    Code(
        "file-in-wrong-folder",
        E,
        "layout",
        "`{name}` is a data file, but it belongs in `{folder}`, not in this folder; here it is ignored.",
        "`{name}` 是数据文件，但应放在 `{folder}` 中，而不是这个文件夹；放在这里不会被读取。",
        "Move it into `{folder}` (the `<…>` part is the folder of the city or plan it belongs to); do not rename it.",
        "请把它移到 `{folder}` 中（`<…>` 部分是它所属城市或规划的文件夹）；不要改名。",
    ),
    # ---------------------------------------------------------------- fields
    Code(
        "missing-field",
        E,
        "field",
        "The required field `{name}` is missing{where_en}.",
        "缺少必填字段 `{name}`{where_zh}。",
        "Add `{name}:` with a value.",
        "请添加 `{name}:` 并填写内容。",
    ),
    Code(
        "missing-cell",
        E,
        "field",
        "The `{name}` cell of this row is empty, and it is required.",
        "这一行的 `{name}` 单元格是空的，但它必须填写。",
        "Fill in the `{name}` cell (the column headed `{name}` in the first row).",
        "请填写 `{name}` 单元格（第一行标题为 `{name}` 的那一列）。",
    ),
    Code(
        "unknown-field",
        E,
        "field",
        "Unknown field `{name}`{suggestion_en}.",
        "未知字段 `{name}`{suggestion_zh}。",
        "Correct the spelling or remove the field. Allowed here: {allowed}.",
        "请更正拼写或删除该字段。这里允许的字段：{allowed}。",
    ),
    Code(
        "wrong-type",
        E,
        "field",
        "`{name}` should be {expected_en}, but it is {actual_en}.",
        "`{name}` 应为{expected_zh}，但这里是{actual_zh}。",
        "{hint_en}",
        "{hint_zh}",
    ),
    Code(
        "bad-id",
        E,
        "field",
        "`{value}` is not a valid id for `{name}`{detail_en}.",
        "`{value}` 不是有效的 `{name}` 标识{detail_zh}。",
        "Use lowercase letters a-z, digits and single hyphens, e.g. `zhengzhou-ip-2021-2025` (at most 80 characters).",
        "请只用小写字母 a-z、数字和单个连字符，例如 `zhengzhou-ip-2021-2025`（最多 80 个字符）。",
    ),
    Code(
        "bad-enum",
        E,
        "field",
        "`{value}` is not an allowed value for `{name}`.",
        "`{value}` 不是 `{name}` 允许的取值。",
        "Use one of these values, written as shown (in English): {allowed_en}.",
        "请使用以下取值之一，照原样填写英文值（括号中是它的含义）：{allowed_zh}。",
    ),
    Code(
        "bad-date",
        E,
        "field",
        "`{value}` in `{name}` is not a valid date.",
        "`{name}` 中的 `{value}` 不是有效日期。",
        "Write dates as YYYY-MM-DD, e.g. 2022-10-27.",
        "日期请写成 年-月-日（YYYY-MM-DD），例如 2022-10-27。",
    ),
    Code(
        "out-of-range",
        E,
        "field",
        "`{value}` in `{name}` is out of range ({limit_en}).",
        "`{name}` 中的 `{value}` 超出范围（{limit_zh}）。",
        "Check the number; years are written in full, e.g. 2025.",
        "请检查数字；年份请写完整，例如 2025。",
    ),
    Code(
        "bad-period",
        E,
        "field",
        "The period ends ({end}) before it starts ({start}).",
        "规划期的结束年份（{end}）早于开始年份（{start}）。",
        "Swap `start` and `end`, or correct the years.",
        "请对调 `start` 和 `end`，或更正年份。",
    ),
    Code(
        "bad-url",
        W,
        "field",
        "`{value}` is not a public https address; the site will not link to it.",
        "`{value}` 不是公开的 https 网址，网站不会为它生成链接。",
        "Give the full address starting with https://, or leave `url` out.",
        "请填写以 https:// 开头的完整网址，或删除 `url`。",
    ),
    Code(
        "invalid-value",
        E,
        "field",
        "`{name}` is not valid: {detail_en}.",
        "`{name}` 的内容无效：{detail_zh}。",
        "Correct the value (see docs/reference/data-format.md).",
        "请更正该值（参见 docs/reference/data-format.md）。",
    ),
    # ---------------------------------------------------------------- references
    Code(
        "folder-id-mismatch",
        E,
        "reference",
        "The {what_en} id `{value}` does not match its folder `{folder}`.",
        "{what_zh}标识 `{value}` 与所在文件夹 `{folder}` 不一致。",
        "Make `{name}` equal to the folder name, or rename the folder.",
        "请把 `{name}` 改成与文件夹同名，或修改文件夹名称。",
    ),
    Code(
        "unknown-city",
        E,
        "reference",
        "There is no city `{value}`.",
        "没有标识为 `{value}` 的城市。",
        "Use the id of a folder in data/cities/{suggestion_en}.",
        "请使用 data/cities/ 下某个文件夹的名称{suggestion_zh}。",
    ),
    Code(
        "duplicate-id",
        E,
        "reference",
        "The {what_en} id `{value}` is used twice (first on line {first_line} of {first_file}).",
        "{what_zh}标识 `{value}` 重复使用（第一次出现在 {first_file} 第 {first_line} 行）。",
        "Give each {what_en} its own id.",
        "请为每个{what_zh}使用不同的标识。",
    ),
    Code(
        "unknown-department",
        E,
        "reference",
        "There is no department `{value}` in this city's departments.yaml.",
        "本市的 departments.yaml 中没有标识为 `{value}` 的部门。",
        "Add the department to departments.yaml, or correct the id{suggestion_en}.",
        "请在 departments.yaml 中添加该部门，或更正标识{suggestion_zh}。",
    ),
    Code(
        "unknown-concept",
        E,
        "reference",
        "There is no concept `{value}` in concepts.yaml.",
        "concepts.yaml 中没有标识为 `{value}` 的概念。",
        "Add the concept to data/concepts.yaml, or correct the id{suggestion_en}.",
        "请在 data/concepts.yaml 中添加该概念，或更正标识{suggestion_zh}。",
    ),
    Code(
        "unknown-plan",
        E,
        "reference",
        "There is no plan `{value}`.",
        "没有标识为 `{value}` 的规划。",
        "Use the id of a plan folder under data/cities/<city>/plans/{suggestion_en}.",
        "请使用 data/cities/<城市>/plans/ 下某个规划文件夹的名称{suggestion_zh}。",
    ),
    Code(
        "unknown-indicator",
        E,
        "reference",
        "There is no indicator `{value}` in this plan's indicators.yaml.",
        "本规划的 indicators.yaml 中没有标识为 `{value}` 的指标。",
        "Correct the indicator id{suggestion_en}, or add the indicator to indicators.yaml.",
        "请更正指标标识{suggestion_zh}，或在 indicators.yaml 中添加该指标。",
    ),
    Code(
        "unknown-task",
        E,
        "reference",
        "There is no task `{value}` in this plan's tasks.yaml.",
        "本规划的 tasks.yaml 中没有标识为 `{value}` 的任务。",
        "Correct the task id{suggestion_en}, or add the task to tasks.yaml.",
        "请更正任务标识{suggestion_zh}，或在 tasks.yaml 中添加该任务。",
    ),
    Code(
        "lead-not-responsible",
        E,
        "reference",
        "The lead unit `{value}` is not among this task's responsible units (`responsible`).",
        "牵头单位 `{value}` 不在本任务的责任单位（`responsible`）之中。",
        "Add the unit to `responsible` in the document's order, or remove it from `lead`. Mark a lead only where "
        "the document says so (牵头).",
        "请按文件中的顺序把该单位加入 `responsible`，或从 `lead` 中删去。只有文件写明“牵头”时才标注牵头单位。",
    ),
    Code(
        "duplicate-observation",
        E,
        "reference",
        "Indicator `{indicator}` already has a value for {year} from the same source (line {first_line}).",
        "指标 `{indicator}` 在 {year} 年已经有一个来自同一来源的数值（第 {first_line} 行）。",
        "Keep one row per indicator, year, source and period; values from different sources are all kept "
        "(the status picks one by the rule on the methodology page).",
        "每个指标每年、每个来源、每种期间只保留一行；不同来源的数值都可保留（状态按方法说明页的规则取其一）。",
    ),
    Code(
        "duplicate-task-report",
        E,
        "reference",
        "Task `{task}` already has a report dated {date} (line {first_line}).",
        "任务 `{task}` 在 {date} 已经有一条进展报告（第 {first_line} 行）。",
        "Keep one report per task and date; merge the notes if both are needed.",
        "每个任务每个日期只保留一条报告；如两条都需要，请合并备注。",
    ),
    # ---------------------------------------------------------------- meaning
    Code(
        "observation-after-as-of",
        E,
        "meaning",
        "A value for {year}, but the data is as of {as_of}: a year that has not ended cannot have a reported value.",
        "这是 {year} 年的数值，但数据截至 {as_of}：尚未结束的年份不会有已公布的数值。",
        "Check the year (a typing slip such as 2031 for 2021?). If the value is real, the year is wrong.",
        "请检查年份（是否把 2021 误写成 2031？）。如果数值确实存在，说明年份写错了。",
    ),
    Code(
        "report-after-as-of",
        E,
        "meaning",
        "The report is dated {date}, after the data's as-of date {as_of}.",
        "该进展报告的日期为 {date}，晚于数据截至日期 {as_of}。",
        "Write the date the report was published (YYYY-MM-DD), not a planned date.",
        "请填写报告实际发布的日期（YYYY-MM-DD），而不是计划日期。",
    ),
    Code(
        "report-before-plan",
        E,
        "meaning",
        "The report is dated {date}, before the plan's period starts ({start}).",
        "该进展报告的日期为 {date}，早于规划期开始（{start} 年）。",
        "Check the date; a report on work done before the plan belongs to another plan.",
        "请检查日期；规划开始之前的工作进展应归入其他规划。",
    ),
    Code(
        "implausible-jump",
        W,
        "meaning",
        "{value} {unit_en} in {year} is more than {factor} times, or less than 1/{factor} of, the previous value "
        "({previous} in {previous_year}).",
        "{year} 年的数值 {value}{unit_zh} 是上一个数值（{previous_year} 年的 {previous}）的 {factor} 倍以上或 "
        "1/{factor} 以下。",
        "Check the unit (a value in 件 where the unit is 万件?) and the decimal point; if the figure is right, "
        "say why in the note.",
        "请检查单位（单位是万件，却按件填写？）和小数点；如果数字无误，请在备注中说明原因。",
    ),
    Code(
        "negative-value",
        W,
        "meaning",
        "The value {value} is negative, but the indicator counts {unit_en}.",
        "数值 {value} 为负数，但该指标统计的是数量（{unit_zh}）。",
        "Remove the minus sign, or check that the value belongs to this indicator.",
        "请删除负号，或检查该数值是否属于这个指标。",
    ),
    Code(
        "target-year-outside-period",
        E,
        "meaning",
        "The target year {year} is outside the plan period {start}–{end}.",
        "目标年份 {year} 不在规划期 {start}–{end} 之内。",
        "Check the target year and the plan's `period` in plan.yaml.",
        "请检查目标年份以及 plan.yaml 中的 `period`。",
    ),
    Code(
        "target-before-baseline",
        E,
        "meaning",
        "The target year {year} is not after the baseline year {baseline_year}.",
        "目标年份 {year} 没有晚于基期年份 {baseline_year}。",
        "Check both years.",
        "请检查这两个年份。",
    ),
    Code(
        "target-fields",
        E,
        "meaning",
        "A target of kind `{kind}` {detail_en}.",
        "`{kind}` 类型的目标{detail_zh}。",
        "exact, at-least, at-most need `value`; range needs `min` < `max`; growth-rate needs `rate`; "
        "qualitative needs `text`. Remove fields the kind does not use.",
        "exact、at-least、at-most 需要 `value`；range 需要 `min` 且 `min` 小于 `max`；growth-rate 需要 `rate`；"
        "qualitative 需要 `text`。请删除该类型用不到的字段。",
    ),
    Code(
        "target-direction-mismatch",
        W,
        "meaning",
        "A target of kind `{kind}` does not fit `direction: {direction}`.",
        "`{kind}` 类型的目标与 `direction: {direction}` 不一致。",
        "at-least goes with direction higher, at-most with lower; check both.",
        "at-least 对应 direction higher，at-most 对应 lower；请检查两者。",
    ),
    Code(
        "concept-unit-mismatch",
        E,
        "meaning",
        "The unit `{unit}` differs from the unit `{concept_unit}` of concept `{concept}`.",
        "单位 `{unit}` 与概念 `{concept}` 的单位 `{concept_unit}` 不一致。",
        "Use the concept's unit, or link to a different concept (or none).",
        "请使用该概念的单位，或关联到其他概念（或不关联）。",
    ),
    Code(
        "concept-measure-mismatch",
        E,
        "meaning",
        "The measure `{measure}` differs from the measure `{concept_measure}` of concept `{concept}`.",
        "统计口径 `{measure}` 与概念 `{concept}` 的口径 `{concept_measure}` 不一致。",
        "Check whether the figure is cumulative, annual or a period total; link a different concept if it differs.",
        "请确认该数字是累计值、年度值还是期间合计；如口径不同，请关联其他概念。",
    ),
    # ---------------------------------------------------------------- sources
    Code(
        "quote-not-in-source",
        E,
        "source",
        "The quote is not found in {source}: `{quote}`.",
        "在 {source} 中找不到这段引文：`{quote}`。",
        "Copy the words exactly from the source document (spaces and line breaks do not matter).",
        "请从原文中原样复制这段文字（空格和换行不影响比对）。",
    ),
    Code(
        "unknown-source-file",
        E,
        "source",
        "There is no source document `{value}` in data/sources/.",
        "data/sources/ 中没有原文文件 `{value}`。",
        "Correct the file name{suggestion_en}, or add the document to data/sources/.",
        "请更正文件名{suggestion_zh}，或把原文添加到 data/sources/。",
    ),
    Code(
        "unknown-web-source",
        E,
        "source",
        "There is no web source `{value}` in data/sources/web.yaml.",
        "data/sources/web.yaml 中没有网页来源 `{value}`。",
        "Correct the id after `web:`{suggestion_en}, or add the page (address, publisher, dates, kind and the "
        "quoted sentences) to data/sources/web.yaml.",
        "请更正 `web:` 之后的编号{suggestion_zh}，或把该网页（网址、发布者、日期、类型和引用的原句）添加到 data/sources/web.yaml。",
    ),
    Code(
        "document-file-missing",
        E,
        "source",
        "sources/documents.yaml describes `{value}`, but there is no such file in data/sources/.",
        "sources/documents.yaml 描述了 `{value}`，但 data/sources/ 中没有这个文件。",
        "Correct the file name{suggestion_en}, add the document's text to data/sources/, or delete the entry.",
        "请更正文件名{suggestion_zh}，把原文添加到 data/sources/，或删除这一条。",
    ),
    Code(
        "document-not-listed",
        W,
        "source",
        "The source document `{value}` has no entry in data/sources/documents.yaml: the site shows it under its "
        "file name, with its issuer, date and address as not known.",
        "原文 `{value}` 在 data/sources/documents.yaml 中没有条目：网站只能以文件名显示它，发文机关、日期和网址都显示为“未知”。",
        "Add an entry to data/sources/documents.yaml: id, file, title, and the issuer, number and date where the "
        "document states them.",
        "请在 data/sources/documents.yaml 中添加一条：id、file、title，以及原文写明的发文机关、文号和日期。",
    ),
    # ---------------------------------------------------------------- text
    Code(
        "web-address-in-label",
        E,
        "text",
        "A web address (`{address}`) in a name, title, unit or label: the site shows these as plain text, where "
        "an address can be neither followed nor drawn in a chart.",
        "名称、标题、单位或标签中含有网址（`{address}`）：网站把这些内容作为纯文本显示，网址既不能点击，也无法画进图表。",
        "Remove the address here; put it in `notes` (or in a task's full `text`, or a quote, where the document "
        "itself gives it).",
        "请在这里删除网址；如需保留，请写在 `notes`（备注）中（文件原文中就有网址时，也可写在任务全文 `text` 或引文中）。",
    ),
    Code(
        "label-too-long",
        E,
        "text",
        "This `{name}` is {length} characters long; a `{name}` may have at most {limit}. Charts and headings show "
        "it in full, and long labels make every chart that draws them slow.",
        "这个 `{name}` 有 {length} 个字符，`{name}` 最多 {limit} 个字符。图表和标题会完整显示它，过长的标签会使每张用到它的图表生成得很慢。",
        "Shorten it to at most {limit} characters; put the longer explanation in `notes` (or `description`).",
        "请缩短到 {limit} 个字符以内；较长的说明请写在 `notes`（备注）或 `description`（说明）中。",
    ),
    Code(
        "line-break-in-label",
        E,
        "text",
        "A line break in a name, title, unit or label: it would split a heading, a table cell or a chart label.",
        "名称、标题、单位或标签中有换行：标题、表格单元格或图表标签会被拆成两行。",
        "Write it on one line (in YAML, keep the text between the quotes on a single line).",
        "请写在同一行（在 YAML 中，引号里的文字不要换行）。",
    ),
    Code(
        "missing-translation",
        W,
        "text",
        "`{name}` has no {missing_en} text.",
        "`{name}` 缺少{missing_zh}内容。",
        "Add the {missing_en} text ({key}: …).",
        "请补充{missing_zh}内容（{key}: …）。",
    ),
]

CODES: dict[str, Code] = {c.code: c for c in _CODES}


def _defaults(params: dict) -> dict:
    """Optional template parts: a suggestion ("did you mean …?") and a place."""
    out = dict(params)
    suggestion = out.get("suggestion") or ""
    out.setdefault("suggestion_en", f" (did you mean `{suggestion}`?)" if suggestion else "")
    out.setdefault("suggestion_zh", f"（是否应为 `{suggestion}`？）" if suggestion else "")
    out.setdefault("detail_en", "")
    out.setdefault("detail_zh", "")
    where = out.get("where") or ""
    out.setdefault("where_en", f" in `{where}`" if where else "")
    out.setdefault("where_zh", f"（在 `{where}` 中）" if where else "")
    return out


def make(
    code: str,
    file: str,
    line: int | None,
    *,
    column: int | None = None,
    field: str | None = None,
    **params,
) -> Problem:
    """A Problem for `code` with its messages filled in from `params`."""
    entry = CODES[code]
    values = _defaults({"column": column, "field": field, **params})
    return Problem(
        code=code,
        severity=entry.severity,
        file=file,
        line=line,
        message_zh=entry.message_zh.format(**values),
        message_en=entry.message_en.format(**values),
        fix_zh=entry.fix_zh.format(**values),
        fix_en=entry.fix_en.format(**values),
        column=column,
        field=field,
    )
