"""The site's three languages: every word of the pages' chrome in Traditional Chinese, Japanese and English, and
how a text in the three is written into a page (one span each, `lang` set; static/lang.js shows one: the one
asked for by `?lang=`, else the one chosen before, else the first of the browser's languages the site has, else
English). Names and quotations keep their own language (`lang` on their element)."""

from __future__ import annotations

import functools
import json
import re

from markupsafe import Markup, escape

from convert.rdf.terms import EN, JA, ZH

LANGS = (ZH, JA, EN)
HTML_LANG = {ZH: "zh-Hant", JA: "ja", EN: "en"}
SHORT = {ZH: "zh", JA: "ja", EN: "en"}  # the names static/lang.js and the CSS use

# key: (Traditional Chinese, Japanese, English). Texts with {placeholders} are filled by tf().
WORDS: dict[str, tuple[str, str, str]] = {
    # chrome
    "site": ("臺日地方政府交流協定", "台日自治体交流協定", "Taiwan–Japan local agreements"),
    "skip": ("跳至內容", "本文へ移動", "Skip to the content"),
    "language": ("語言", "言語", "Language"),
    "navigation": ("網站導覽", "サイト内の案内", "Site navigation"),
    "home": ("首頁", "トップ", "Home"),
    "agreements": ("協定", "協定", "Agreements"),
    "localities": ("地方政府", "地方自治体", "Local governments"),
    "concepts": ("分類", "分類", "Vocabularies"),
    "ontology": ("本體論", "オントロジー", "Ontology"),
    "query": ("SPARQL 查詢", "SPARQL クエリ", "SPARQL query"),
    "catalogue": ("資料目錄", "データカタログ", "Catalogue"),
    "dataset": ("資料集", "データセット", "Dataset"),
    "release": ("版本 {version}", "リリース {version}", "Release {version}"),
    "release_description": (
        "版本 {version}（DCAT／VoID 描述）",
        "リリース {version}（DCAT／VoID による記述）",
        "Release {version} (its DCAT / VoID description)",
    ),
    "licence_line": (
        "資料以 CC BY 4.0 授權 · 程式碼以 MIT 授權",
        "データは CC BY 4.0 · コードは MIT",
        "Data: CC BY 4.0 · code: MIT",
    ),
    "contact": ("聯絡", "連絡先", "Contact"),
    "no_contact": ("尚未公布聯絡方式。", "連絡先はまだ公開されていない。", "No contact point is published yet."),
    "draft": (
        "草稿：這不是已發布的版本，其識別碼與內容仍可能變更。",
        "ドラフト：公開されたリリースではなく、識別子と内容は変わることがある。",
        "Draft: not a published release; its identifiers and content may still change.",
    ),
    # records
    "report": ("回報此紀錄的錯誤", "この記録の誤りを報告する", "Report a correction to this record"),
    "iri": ("IRI", "IRI", "IRI"),
    "data": ("資料", "データ", "Data"),
    "properties": ("全部屬性", "すべてのプロパティ", "All properties"),
    "referred_by": ("引用此資源者", "この資源を参照するもの", "Referred to by"),
    "partners": ("協定對象", "協定の相手", "Partners"),
    "date": ("締結日", "締結日", "Date"),
    "type": ("合作型態", "協定の種類", "Type"),
    "party": ("締約方", "締結者", "Party"),
    "partner": ("對象", "相手", "Partner"),
    "signed_by": ("簽約者", "署名者", "Signed by"),
    "parent_chain": ("上級", "上位団体", "Part of"),
    "code": ("官方代碼", "公式コード", "Official code"),
    "wikidata": ("Wikidata", "Wikidata", "Wikidata"),
    "no_wikidata": (
        "尚無經查證的 Wikidata 項目。",
        "確認された Wikidata 項目はまだない。",
        "No verified Wikidata item yet.",
    ),
    "matched_by_code": (
        "依官方代碼比對（項目的 {property} 即此代碼）",
        "公式コードで照合（項目の {property} がこのコード）",
        "matched by official code (the item's {property} holds it)",
    ),
    "matched_by_name": (
        "依名稱比對（不如代碼可靠）",
        "名称で照合（コードより弱い）",
        "matched by name (weaker than a code)",
    ),
    "two-sources": ("兩個獨立來源", "独立した二つの出典", "two independent sources"),
    "one-wikidata-derived": ("一個取自 Wikidata 的來源", "Wikidata 由来の出典一つ", "one Wikidata-derived source"),
    "coordinates": ("座標", "座標", "Coordinates"),
    "point_jp_prefecture": (
        "縣廳所在地，取自官方代碼表（WGS84）。",
        "都道府県庁の位置。公式コード表による（WGS84）。",
        "The prefectural office, from the official code list (WGS84).",
    ),
    "point_jp_municipality": (
        "市町村公所所在地，取自官方代碼表（WGS84）。",
        "市役所・町村役場の位置。公式コード表による（WGS84）。",
        "The municipal office, from the official code list (WGS84).",
    ),
    "point_tw": (
        "代表點（Who's On First 的標示點），非政府所在地（WGS84）。",
        "代表点（Who's On First のラベル位置）で、庁舎の位置ではない（WGS84）。",
        "A representative point (the label point of Who's On First), not the seat (WGS84).",
    ),
    "no_point": (
        "無自己的座標：地圖上以 {parent} 的位置近似表示。",
        "独自の座標はない。地図では {parent} の位置で近似している。",
        "No point of its own: the map draws it at {parent}'s point (approximate).",
    ),
    "no_point_group": (
        "團體：地圖上以各成員的位置表示。",
        "グループ：地図では構成団体の位置に描く。",
        "A group: the map draws it at its members' points.",
    ),
    "members": ("成員", "構成団体", "Members"),
    "member_of": ("所屬團體", "所属グループ", "Member of"),
    "subdivisions": ("所轄地方政府的協定", "管内の自治体の協定", "Agreements of its subdivisions"),
    "through": ("經由 {name}", "{name} による", "through {name}"),
    "own_agreements": ("本身簽訂的協定", "自ら結んだ協定", "Its own agreements"),
    "group_agreements": ("所屬團體的協定", "所属グループの協定", "Agreements of its groups"),
    "none": ("無", "なし", "None"),
    "source_row": ("來源列", "出典の行", "Source row"),
    "source_row_title": ("{list} 第 {row} 列", "{list} 第 {row} 行", "Row {row} of {list}"),
    "as_written": ("原文", "原文", "As written"),
    "col_taiwan": ("臺灣", "台湾", "Taiwan"),
    "col_japan": ("日本", "日本", "Japan"),
    "col_type": ("合作型態", "合作型態（協定の種類）", "Type (合作型態)"),
    "col_date": ("締結日期", "締結日", "Signing date"),
    "read_as": ("判讀為", "読み取り", "Read as"),
    "of_agreement": ("此列的協定", "この行の協定", "The agreement of this row"),
    "readings": ("判讀", "読み取り", "Readings"),
    "kind": ("種類", "種類", "Kind"),
    "certainty": ("確定程度", "確実さ", "Certainty"),
    "reason": ("理由", "理由", "Reason"),
    "taiwanese": ("臺灣締約方", "台湾側", "Taiwanese party"),
    "japanese": ("日本締約方", "日本側", "Japanese party"),
    "today_party": (
        "今日的締約方 {party}；簽約時為 {signatory}（{change}）。",
        "現在の締結者は {party}。署名したのは {signatory}（{change}）。",
        "Held today by {party}; signed by {signatory} ({change}).",
    ),
    "signed_before_change": (
        "簽約於 {change} 之前；今日由 {party} 承繼。",
        "{change} の前に結ばれ、現在は {party} が引き継ぐ。",
        "Signed before {change}; held today by {party}.",
    ),
    "other_agreements": ("{name} 的其他協定", "{name} のほかの協定", "Other agreements of {name}"),
    "more_agreements": (
        "另有 {count} 項，見 {name} 的頁面",
        "ほか {count} 件は {name} のページに",
        "{count} more on the page of {name}",
    ),
    "pair_map": ("兩締約方的位置。", "両締結者の位置。", "Where the two parties are."),
    "locator": ("位置與協定對象。", "位置と協定の相手。", "Where it is, and its partners."),
    "approximate": ("近似位置", "おおよその位置", "approximate position"),
    # the map
    "map": ("協定地圖", "協定の地図", "Map of the partner links"),
    "map_caption": (
        "{lines} 條連線代表全部 {agreements} 項協定。{approx} 個沒有自己座標的地方政府畫在其上級的位置（空心，近似）；"
        "{groups} 個團體畫在成員的位置。點選地點開啟其紀錄，點選連線列出其協定。底圖：Natural Earth（公有領域）。",
        "{lines} 本の線で {agreements} 件の協定をすべて示す。独自の座標のない {approx} の自治体は上位団体の位置に描く"
        "（白抜き、おおよその位置）。{groups} のグループは構成団体の位置に描く。"
        "地点を押すと記録が開き、線を押すとその協定の一覧が出る。"
        "背景地図：Natural Earth（パブリックドメイン）。",
        "{lines} lines show all {agreements} agreements. {approx} local governments without a point of their own are "
        "drawn at the point of the body they are part of (hollow: approximate); {groups} groups at their members' "
        "points. Select a place to open its record, a line to list its agreements. Basemap: Natural Earth (public "
        "domain).",
    ),
    "map_help": (
        "可用滑鼠或觸控平移、縮放；以 Tab 鍵逐一選取地點。",
        "マウスやタッチで移動・拡大でき、Tab キーで地点を順に選べる。",
        "Pan and zoom with a mouse or touch; Tab moves through the places.",
    ),
    "open_record": ("開啟紀錄", "記録を開く", "Open the record"),
    "legend": ("圖例", "凡例", "Legend"),
    "timeline": ("各年協定數", "年ごとの協定数", "Agreements per year"),
    "timeline_caption": (
        "依分類堆疊；將滑鼠移到長條上可見數量。",
        "分類ごとに積み上げ。棒に重ねると件数が出る。",
        "Stacked by category; hover over a bar for its count.",
    ),
    # the landing page
    "counts": ("數量", "件数", "In numbers"),
    "counts_text": (
        "共 {agreements} 項協定，締約方為 {tw} 個臺灣地方政府與 {jp} 個日本地方政府"
        "（另有 {groups} 個日本地方政府團體），"
        "簽訂於 {first} 至 {last}。一覽表中有 {readings} 處並非照字面判讀，每一處都有記錄與理由。",
        "協定は {agreements} 件。締結者は台湾の地方自治体 {tw}、"
        "日本の地方自治体 {jp}（ほかに日本の自治体のグループ {groups}）。"
        "締結日は {first} から {last} まで。一覧の {readings} か所は字義どおりでなく読み取り、"
        "すべて理由とともに記録している。",
        "{agreements} agreements between {tw} Taiwanese and {jp} Japanese local governments (and {groups} groups of "
        "Japanese local governments), signed from {first} to {last}. {readings} cells of the list are read other than "
        "literally, each recorded with its reason.",
    ),
    "search": ("搜尋名稱", "名称を検索", "Search names"),
    "search_hint": (
        "可輸入中文、日文、英文名稱或代碼，例如 {examples}。",
        "漢字・かな・英語の名称やコードで探せる（例：{examples}）。",
        "Chinese, Japanese or English names, or codes: {examples}.",
    ),
    "results_count": ("找到 {n} 筆", "{n} 件見つかった", "{n} found"),
    "results_more": ("（僅列出前 {shown} 筆）", "（先頭の {shown} 件を表示）", "(the first {shown} shown)"),
    "no_match": ("找不到符合的名稱。", "一致する名称はない。", "No name matches."),
    "did_you_mean": ("您是不是要找：", "もしかして：", "Did you mean:"),
    "source": ("來源", "出典", "Source"),
    "publisher_note": (
        "發布者（依一覽表的附註）：",
        "発行者（一覧の注記による）：",
        "Publisher, as the list's note states it:",
    ),
    "publisher_note_after": (
        "（發布此一覽表的臺灣團體）",
        "（一覧を公表している台湾の団体）",
        "(the Taiwanese association that publishes the list)",
    ),
    "compiled_note": ("資料來源（依附註）：", "編集の出典（注記による）：", "Compiled from, as the note states it:"),
    "address": ("此版本的公開網址：", "この版の公開アドレス：", "Public address of this edition:"),
    "retrieved": ("（取得於 {date}）", "（{date} 取得）", "(retrieved {date})"),
    "unverified_address": (
        "尚未查證（查證後記錄於 convert/data/source/citation.tsv）",
        "未確認（確認できたら convert/data/source/citation.tsv に記録する）",
        "not yet verified (recorded in convert/data/source/citation.tsv once it is)",
    ),
    "licence": ("授權", "ライセンス", "Licence"),
    "licence_text": (
        "資料：CC BY 4.0（請註明 twjp 與來源一覽表）。程式碼：MIT。",
        "データ：CC BY 4.0（twjp と出典の一覧を表示すること）。コード：MIT。",
        "Data: CC BY 4.0 (attribute twjp and the source list). Code: MIT.",
    ),
    "cite": ("引用方式", "引用のしかた", "How to cite"),
    "files": ("發布檔案", "リリースのファイル", "Release files"),
    "files_title": (
        "版本 {version} 的檔案（{issued}）",
        "リリース {version} のファイル（{issued}）",
        "The files of release {version} ({issued})",
    ),
    "file": ("檔案", "ファイル", "File"),
    "bytes": ("位元組", "バイト", "Bytes"),
    "sha256": ("SHA-256", "SHA-256", "SHA-256"),
    "queries": ("範例查詢", "サンプルクエリ", "Sample queries"),
    "changes": ("變更（Atom 訊息來源）", "変更履歴（Atom フィード）", "Changes (Atom feed)"),
    # the query page
    "query_title": ("SPARQL 查詢", "SPARQL クエリ", "SPARQL query"),
    "query_intro": (
        "端點是 {endpoint}（SPARQL 1.1 協定，唯讀；由 twjp serve 提供）。選一個範例查詢，或自行撰寫：",
        "エンドポイントは {endpoint}（SPARQL 1.1 プロトコル、"
        "読み取り専用、twjp serve）。サンプルを選ぶか、自分で書く：",
        "The endpoint is {endpoint} (SPARQL 1.1 Protocol, read-only; twjp serve). Pick a sample query, or "
        "write your own:",
    ),
    "query_text": ("查詢", "クエリ", "Query"),
    "run": ("執行", "実行", "Run"),
    "running": ("執行中…", "実行中…", "Running…"),
    "parameter": (
        "參數 {name}（預設 {value}）：",
        "パラメーター {name}（既定値 {value}）：",
        "Parameter {name} (default {value}):",
    ),
    "rows": ("{n} 列", "{n} 行", "{n} rows"),
    "boolean_true": ("是", "はい", "yes"),
    "boolean_false": ("否", "いいえ", "no"),
    "query_failed": ("查詢失敗：", "クエリが失敗した：", "The query failed:"),
    "graph_result": (
        "結果為 RDF 圖（{n} 個三元組）：",
        "結果は RDF グラフ（{n} トリプル）：",
        "The result is an RDF graph ({n} triples):",
    ),
    "needs_server": (
        "此頁面需要 twjp serve 提供的 /sparql；靜態網站上請下載資料，於自己的三元組資料庫查詢。",
        "このページには twjp serve の /sparql が要る。"
        "静的サイトではデータをダウンロードして自分のトリプルストアで問い合わせる。",
        "This page needs the /sparql of twjp serve; on the static site, download the data and query it in "
        "your own triple store.",
    ),
    # other pages
    "not_found": ("找不到", "見つからない", "Not found"),
    "not_found_text": (
        "本資料集在此路徑沒有 IRI 或文件。可在首頁搜尋名稱，或瀏覽協定與地方政府的列表。",
        "このデータセットはこのパスに IRI も文書も持たない。トップページで名称を検索するか、"
        "協定と自治体の一覧を見てほしい。",
        "The twjp dataset mints no IRI and holds no document at this path. Search a name on the landing page, or "
        "browse the agreements and local governments.",
    ),
    "current_version": ("目前版本", "現在の版", "Current version"),
    "version_of": ("twjp {name} 的 {version} 版", "twjp {name} バージョン {version}", "twjp {name}, version {version}"),
    "shapes_title": ("SHACL 形狀", "SHACL シェイプ", "SHACL shapes"),
    "shapes_text": (
        "本版資料所符合的形狀（*-violation.rq 檢查亦在發布檔案中）：",
        "このリリースのデータが適合するシェイプ（*-violation.rq の検査もリリースにある）：",
        "The shapes the data of this release conforms to (the *-violation.rq checks are in the release too):",
    ),
    "ontology_intro": (
        "twjp 的類別與屬性。每個術語的 IRI 即 {iri} 加上其名稱。",
        "twjp のクラスとプロパティ。各用語の IRI は {iri} に名前を付けたもの。",
        "The classes and properties of twjp. Each term's IRI is {iri} followed by its name.",
    ),
    "classes": ("類別", "クラス", "Classes"),
    "object_properties": ("物件屬性", "オブジェクトプロパティ", "Object properties"),
    "datatype_properties": ("資料屬性", "データプロパティ", "Datatype properties"),
    "annotation_properties": ("註解屬性", "注釈プロパティ", "Annotation properties"),
    "subclass_of": ("上位類別", "上位クラス", "Subclass of"),
    "domain": ("定義域", "定義域", "Domain"),
    "range": ("值域", "値域", "Range"),
    "subproperty_of": ("上位屬性", "上位プロパティ", "Subproperty of"),
    "deprecated": ("已棄用", "非推奨", "deprecated"),
    "pylode": (
        "pyLODE 產生的完整文件（英文）",
        "pyLODE による詳しい文書（英語）",
        "The full documentation by pyLODE (in English)",
    ),
    "list_count": ("共 {n} 筆", "{n} 件", "{n} in all"),
    "release_files_of": ("版本 {version} 的檔案", "リリース {version} のファイル", "The files of release {version}"),
}


def words() -> dict[str, dict[str, str]]:
    return {k: dict(zip(LANGS, v, strict=True)) for k, v in WORDS.items()}


def translated(labels: dict[str, str]) -> Markup:
    """A text in the three languages: one span each; the page shows the one of its language."""
    return translated_text(labels[ZH], labels[JA], labels[EN])


@functools.lru_cache(maxsize=200_000)
def quoting(english: str) -> str:
    """An escaped English text with the list's own words it quotes (合作型態) marked as Traditional Chinese."""
    return _HAN.sub(lambda m: f'<span lang="zh-Hant">{m.group(0)}</span>', english)


_HAN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+")


@functools.lru_cache(maxsize=200_000)
def translated_text(zh: str, ja: str, en: str) -> Markup:
    return Markup(
        f'<span class="t t-zh" lang="zh-Hant">{escape(zh)}</span>'
        f'<span class="t t-ja" lang="ja">{escape(ja)}</span>'
        f'<span class="t t-en" lang="en">{quoting(escape(en))}</span>'
    )


def names(labels: dict[str, str]) -> Markup:
    """A resource's name in the three languages, each span marked with the language its text is in (a name may
    fall back to another language's), and as data (class `name`), not the page's own words."""
    spans = []
    for lang in LANGS:
        text = labels[lang]
        tag = getattr(text, "lang", lang)
        written = HTML_LANG.get(tag, tag) if tag else "zxx"
        spans.append(f'<span class="t t-{SHORT[lang]} name" lang="{escape(written)}">{escape(text)}</span>')
    return Markup("".join(spans))


def formatted(key: str, **values) -> Markup:
    """A WORDS text with its {placeholders} filled in each language: a value is a text, a number, markup, or a
    dict of the three languages (a name); texts are escaped. (Pages ask for the same ones many times: each is
    made once, from the values' texts in each language and whether each is markup.)"""
    frozen = []
    for name, v in sorted(values.items()):
        texts = tuple(v.get(lang, "") for lang in LANGS) if isinstance(v, dict) else (v,) * len(LANGS)
        frozen.append((name, tuple((isinstance(t, Markup), str(t)) for t in texts)))
    return _formatted(key, tuple(frozen))


@functools.lru_cache(maxsize=200_000)
def _formatted(key: str, values: tuple) -> Markup:
    spans = []
    for i, (lang, template) in enumerate(zip(LANGS, WORDS[key], strict=True)):
        filled = {}
        for name, texts in values:
            is_markup, text = texts[i]
            filled[name] = Markup(text) if is_markup else escape(text)
        text = quoting(escape(template)) if lang == EN else escape(template)
        spans.append(f'<span class="t t-{SHORT[lang]}" lang="{HTML_LANG[lang]}">{text.format(**filled)}</span>')
    return Markup("".join(spans))


def plain(key: str, **values) -> dict[str, str]:
    """A WORDS text filled in each language, as plain text (for titles and attributes)."""
    out = {}
    for lang, template in zip(LANGS, WORDS[key], strict=True):
        out[lang] = template.format(**{k: (v.get(lang, "") if isinstance(v, dict) else v) for k, v in values.items()})
    return out


def values_html(values: list[dict]) -> Markup:
    """Values of a property, comma-separated."""
    return Markup(", ".join([str(value_html(v)) for v in values]))  # (each is markup already)


def value_html(v: dict) -> Markup:
    """A value of a property: a link with the target's names, or a literal with its language (escaped)."""
    made = v.get("html")
    if made is not None:
        return made
    if v["labels"]:
        inner = names(v["labels"])
    elif v["lang"]:
        inner = Markup(f'<span class="literal" lang="{escape(v["lang"])}">{escape(v["text"])}</span>')
    elif v["href"]:
        inner = escape(v["text"])  # an IRI without a name: shown as its prefixed name
    else:
        inner = Markup(f'<span class="literal" lang="zxx">{escape(v["text"])}</span>')  # a code, date, number
    return Markup(f'<a href="{escape(v["href"])}">{inner}</a>') if v["href"] else Markup(inner)


def script_json(data) -> Markup:
    """JSON for a <script> data block: `<`, `>` and `&` escaped, so no text can close the script."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))  # (the C encoder: compact)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)
