//! Table-driven, hand-checked corpus for the normalisers.
//!
//! Each table is plain text, one case a line, fields separated by ` | `;
//! `-` stands for "none". Comment lines start with `#`.

use nayose::normalize::{
    normalize_english, normalize_name, normalize_phone, normalize_reading, parse_address,
    registrable_domain,
};

fn rows(table: &str) -> impl Iterator<Item = Vec<&str>> {
    table
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split(" | ").map(str::trim).collect())
}

fn opt(s: &str) -> Option<&str> {
    (s != "-").then_some(s)
}

/// input | core | legal form | position | branch
const NAMES: &str = r"
株式会社サカタのタネ | サカタノタネ | 株式会社 | prefix | -
サカタのタネ株式会社 | サカタノタネ | 株式会社 | suffix | -
㈱サカタのタネ | サカタノタネ | 株式会社 | prefix | -
㈱サカタのタネ 横浜本社 | サカタノタネ | 株式会社 | prefix | 横浜本社
サカタのタネ(株) | サカタノタネ | 株式会社 | suffix | -
サカタのタネ（株） | サカタノタネ | 株式会社 | suffix | -
（株）サカタのタネ | サカタノタネ | 株式会社 | prefix | -
㍿サカタのタネ | サカタノタネ | 株式会社 | prefix | -
ｻｶﾀﾉﾀﾈ | サカタノタネ | - | - | -
ｶ)ｻｶﾀﾉﾀﾈ | サカタノタネ | 株式会社 | prefix | -
ｻｶﾀﾉﾀﾈ(ｶ | サカタノタネ | 株式会社 | suffix | -
ｻｶﾀﾉﾀﾈ(ｶ) | サカタノタネ | 株式会社 | suffix | -
カブシキガイシャ サカタノタネ | サカタノタネ | 株式会社 | prefix | -
株式会社　サカタのタネ | サカタノタネ | 株式会社 | prefix | -
株式会社サカタのタネ 御中 | サカタノタネ | 株式会社 | prefix | -
株式会社サカタのタネ 御担当者様 | サカタノタネ | 株式会社 | prefix | -
サカタのタネ株式会社 横浜本社 | サカタノタネ | 株式会社 | suffix | 横浜本社
サカタのタネ横浜支店 | サカタノタネ | - | - | 横浜支店
株式会社サカタのタネ 営業部 | サカタノタネ | 株式会社 | prefix | 営業部
株式会社サカタのタネ 営業部 御中 | サカタノタネ | 株式会社 | prefix | 営業部
株式会社サカタのタネ（旧社名：坂田種苗） | サカタノタネ | 株式会社 | prefix | 旧社名:坂田種苗
【本店】株式会社サカタのタネ | サカタノタネ | 株式会社 | prefix | 本店
SAKATA SEED CORP. | sakataseed | Co., Ltd. | suffix | -
Sakata Seed Corporation | sakataseed | Co., Ltd. | suffix | -
SAKATA SEED CO.,LTD. | sakataseed | Co., Ltd. | suffix | -
Sakata Seed K.K. | sakataseed | 株式会社 | suffix | -
ＳＡＫＡＴＡ　ＳＥＥＤ　ＣＯＲＰ． | sakataseed | Co., Ltd. | suffix | -
有限会社山田工務店 | 山田工務店 | 有限会社 | prefix | -
山田工務店(有) | 山田工務店 | 有限会社 | suffix | -
㈲山田工務店 | 山田工務店 | 有限会社 | prefix | -
ﾕ)ﾔﾏﾀﾞｺｳﾑﾃﾝ | ヤマダコウムテン | 有限会社 | prefix | -
合同会社DMM.com | dmmcom | 合同会社 | prefix | -
合同会社ＤＭＭ．ｃｏｍ | dmmcom | 合同会社 | prefix | -
西友合同会社 | 西友 | 合同会社 | suffix | -
(同)テスト | テスト | 合同会社 | prefix | -
合資会社山本商店 | 山本商店 | 合資会社 | prefix | -
㈾山本商店 | 山本商店 | 合資会社 | prefix | -
合名会社鈴木商会 | 鈴木商会 | 合名会社 | prefix | -
一般社団法人日本経済団体連合会 | 日本経済団体連合会 | 一般社団法人 | prefix | -
(一社)日本経済団体連合会 | 日本経済団体連合会 | 一般社団法人 | prefix | -
一般財団法人日本規格協会 | 日本規格協会 | 一般財団法人 | prefix | -
公益社団法人日本医師会 | 日本医師会 | 公益社団法人 | prefix | -
（公社）日本医師会 | 日本医師会 | 公益社団法人 | prefix | -
公益財団法人日本財団 | 日本財団 | 公益財団法人 | prefix | -
（公財）日本財団 | 日本財団 | 公益財団法人 | prefix | -
医療法人社団山田会 | 山田会 | 医療法人社団 | prefix | -
医療法人財団山田会 | 山田会 | 医療法人財団 | prefix | -
医療法人山田クリニック | 山田クリニック | 医療法人 | prefix | -
(医)山田クリニック | 山田クリニック | 医療法人 | prefix | -
社会福祉法人恩賜財団済生会 | 恩賜財団済生会 | 社会福祉法人 | prefix | -
(福)あおぞら会 | アオゾラ会 | 社会福祉法人 | prefix | -
学校法人早稲田大学 | 早稲田大学 | 学校法人 | prefix | -
(学)早稲田大学 | 早稲田大学 | 学校法人 | prefix | -
宗教法人浅草寺 | 浅草寺 | 宗教法人 | prefix | -
特定非営利活動法人フローレンス | フローレンス | 特定非営利活動法人 | prefix | -
NPO法人フローレンス | フローレンス | 特定非営利活動法人 | prefix | -
ＮＰＯ法人フローレンス | フローレンス | 特定非営利活動法人 | prefix | -
(特非)フローレンス | フローレンス | 特定非営利活動法人 | prefix | -
独立行政法人国際協力機構 | 国際協力機構 | 独立行政法人 | prefix | -
国立大学法人東京大学 | 東京大学 | 国立大学法人 | prefix | -
国立研究開発法人産業技術総合研究所 | 産業技術総合研究所 | 国立研究開発法人 | prefix | -
ABC事業協同組合 | abc | 事業協同組合 | suffix | -
全国農業協同組合連合会 | 全国 | 農業協同組合 | suffix | 連合会
日本生命保険相互会社 | 日本生命保険 | 相互会社 | suffix | -
有限責任監査法人トーマツ | トーマツ | 監査法人 | prefix | -
弁護士法人山田総合法律事務所 | 山田総合法律事務所 | 弁護士法人 | prefix | -
税理士法人山田会計 | 山田会計 | 税理士法人 | prefix | -
日本データセンター株式会社 | 日本データセンター | 株式会社 | suffix | -
株式会社日本データセンター | 日本データセンター | 株式会社 | prefix | -
株式会社野村総合研究所 | 野村総合研究所 | 株式会社 | prefix | -
株式会社三菱総合研究所 | 三菱総合研究所 | 株式会社 | prefix | -
株式会社日立製作所 | 日立製作所 | 株式会社 | prefix | -
株式会社ヤクルト本社 | ヤクルト本社 | 株式会社 | prefix | -
株式会社ヤクルト本社 東京支店 | ヤクルト本社 | 株式会社 | prefix | 東京支店
株式会社高島屋 大阪店 | 高島屋 | 株式会社 | prefix | 大阪店
株式会社日本工場 | 日本工場 | 株式会社 | prefix | -
山田工場株式会社 | 山田工場 | 株式会社 | suffix | -
株式会社ABC 東京センター | abc | 株式会社 | prefix | 東京センター
ABC株式会社 物流センター | abc | 株式会社 | suffix | 物流センター
株式会社ABC 研究所 | abc | 株式会社 | prefix | 研究所
株式会社ABCセンター | abcセンター | 株式会社 | prefix | -
ABC データセンター株式会社 | abcデータセンター | 株式会社 | suffix | -
株式会社ABC 大阪営業所 | abc | 株式会社 | prefix | 大阪営業所
株式会社ABC大阪営業所 | abc | 株式会社 | prefix | 大阪営業所
株式会社ABC 名古屋出張所 | abc | 株式会社 | prefix | 名古屋出張所
株式会社ABC 関西支社 | abc | 株式会社 | prefix | 関西支社
株式会社ABC関西支社 | abc | 株式会社 | prefix | 関西支社
株式会社ABC 九州事業所 | abc | 株式会社 | prefix | 九州事業所
株式会社ABC 海外事業部 | abc | 株式会社 | prefix | 海外事業部
株式会社ABC 総務部 人事課 | abc | 株式会社 | prefix | 総務部 人事課
みずほ銀行 新宿支店 | ミズホ銀行 | - | - | 新宿支店
株式会社みずほ銀行 新宿支店 | ミズホ銀行 | 株式会社 | prefix | 新宿支店
三菱UFJ銀行 丸の内支店 | 三菱ufj銀行 | - | - | 丸ノ内支店
株式会社服部 | 服部 | 株式会社 | prefix | -
株式会社 服部 | 服部 | 株式会社 | prefix | -
阿部商事株式会社 | 阿部商事 | 株式会社 | suffix | -
ＮＥＣ | nec | - | - | -
日本電気株式会社 | 日本電気 | 株式会社 | suffix | -
ＡＢＣ商事株式会社 | abc商事 | 株式会社 | suffix | -
ａｂｃ商事㈱ | abc商事 | 株式会社 | suffix | -
ABC商事 | abc商事 | - | - | -
株式会社２１世紀 | 21世紀 | 株式会社 | prefix | -
株式会社21世紀 | 21世紀 | 株式会社 | prefix | -
ソニー・ミュージック株式会社 | ソニーミュージック | 株式会社 | suffix | -
ソニーミュージック株式会社 | ソニーミュージック | 株式会社 | suffix | -
ソニ－株式会社 | ソニー | 株式会社 | suffix | -
ソニ―株式会社 | ソニー | 株式会社 | suffix | -
ｿﾆｰ㈱ | ソニー | 株式会社 | suffix | -
そにー | ソニー | - | - | -
株式会社いすゞ自動車 | イスズ自動車 | 株式会社 | prefix | -
いすゞ自動車株式会社 | イスズ自動車 | 株式会社 | suffix | -
いすず自動車株式会社 | イスズ自動車 | 株式会社 | suffix | -
髙島屋株式会社 | 高島屋 | 株式会社 | suffix | -
株式会社髙島屋 | 高島屋 | 株式会社 | prefix | -
山﨑製パン株式会社 | 山崎製パン | 株式会社 | suffix | -
山嵜製パン株式会社 | 山崎製パン | 株式会社 | suffix | -
渡邊商事株式会社 | 渡辺商事 | 株式会社 | suffix | -
渡邉商事株式会社 | 渡辺商事 | 株式会社 | suffix | -
齋藤工業株式会社 | 斎藤工業 | 株式会社 | suffix | -
齊藤工業株式会社 | 斉藤工業 | 株式会社 | suffix | -
株式会社澤田 | 沢田 | 株式会社 | prefix | -
濱田物産株式会社 | 浜田物産 | 株式会社 | suffix | -
國分グループ本社株式会社 | 国分グループ本社 | 株式会社 | suffix | -
廣済堂株式会社 | 広済堂 | 株式会社 | suffix | -
櫻井興業株式会社 | 桜井興業 | 株式会社 | suffix | -
龍角散株式会社 | 竜角散 | 株式会社 | suffix | -
株式会社德間書店 | 徳間書店 | 株式会社 | prefix | -
眞鍋建設株式会社 | 真鍋建設 | 株式会社 | suffix | -
壽屋株式会社 | 寿屋 | 株式会社 | suffix | -
惠比寿商事株式会社 | 恵比寿商事 | 株式会社 | suffix | -
藏元株式会社 | 蔵元 | 株式会社 | suffix | -
冨士通商株式会社 | 富士通商 | 株式会社 | suffix | -
株式会社吉野家 | 吉野家 | 株式会社 | prefix | -
株式会社𠮷野家 | 吉野家 | 株式会社 | prefix | -
株式会社佐々木製作所 | 佐々木製作所 | 株式会社 | prefix | -
ABC Co., Ltd. | abc | Co., Ltd. | suffix | -
ABC Inc. | abc | Co., Ltd. | suffix | -
ABC LLC | abc | 合同会社 | suffix | -
ABC G.K. | abc | 合同会社 | suffix | -
ABC Holdings, Inc. | abcholdings | Co., Ltd. | suffix | -
Lincoln | lincoln | - | - | -
Inc | inc | Co., Ltd. | prefix | -
株式会社 | 株式会社 | 株式会社 | prefix | -
(株) | 株 | 株式会社 | prefix | -
本社 | 本社 | - | - | -
支店 | 支店 | - | - | -
東京支店 | 東京 | - | - | 支店
株式会社ABC（エービーシー） | abc | 株式会社 | prefix | エービーシー
株式会社ABC(旧:XYZ) | abc | 株式会社 | prefix | 旧:xyz
ABC(Japan)株式会社 | abc | 株式会社 | suffix | japan
株式会社サカタのタネ[本店] | サカタノタネ | 株式会社 | prefix | 本店
ＡＴ＆Ｔジャパン株式会社 | at&tジャパン | 株式会社 | suffix | -
Ｓ＆Ｐグローバル株式会社 | s&pグローバル | 株式会社 | suffix | -
e-ロジット株式会社 | eロジット | 株式会社 | suffix | -
株式会社ａｕ　ｆｉｎａｎｃｅ | aufinance | 株式会社 | prefix | -
ネスレ日本株式会社 | ネスレ日本 | 株式会社 | suffix | -
Nestlé Japan Ltd. | nestlejapan | Co., Ltd. | suffix | -
";

#[test]
fn names() {
    let mut failures = Vec::new();
    let mut n = 0;
    for r in rows(NAMES) {
        n += 1;
        let got = normalize_name(r[0]);
        let lf = got.legal_form.map(|f| f.as_str());
        let pos = got.legal_form_position.map(|p| p.as_str());
        if got.core != r[1]
            || lf != opt(r[2])
            || pos != opt(r[3])
            || got.branch.as_deref() != opt(r[4])
        {
            failures.push(format!(
                "{} => {:?} {:?} {:?} {:?}",
                r[0], got.core, lf, pos, got.branch
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {n} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Pairs of spellings of one company: same core.
const SAME: &str = r"
株式会社サカタのタネ | ｻｶﾀﾉﾀﾈ(ｶ
サカタのタネ | さかたのたね
株式会社キヤノン | キヤノン株式会社
トヨタ自動車株式会社 | ﾄﾖﾀ自動車㈱
トヨタ自動車株式会社 | トヨタ自動車(株) 名古屋支店
ＮＴＴデータ | NTTデータ
ＮＴＴデータ | ｎｔｔデータ
株式会社エヌ・ティ・ティ・データ | エヌティティデータ
ソニーグループ株式会社 | ソニーグループ(株)
ソニーグループ株式会社 | ｿﾆｰｸﾞﾙｰﾌﾟ
パナソニック株式会社 | パナソニック㈱ 大阪本社
富士フイルム株式会社 | 冨士フイルム株式会社
髙島屋 | 高島屋
山﨑製パン | 山崎製パン
渡邊 | 渡辺
渡邉 | 渡辺
齋藤 | 斎藤
澤井 | 沢井
濱野 | 浜野
國分 | 国分
廣田 | 広田
櫻田 | 桜田
龍野 | 竜野
德永 | 徳永
眞田 | 真田
壽 | 寿
惠 | 恵
藏前 | 蔵前
冨田 | 富田
株式会社ファーストリテイリング | ファーストリテイリング株式会社
株式会社ファーストリテイリング | ﾌｧｰｽﾄﾘﾃｲﾘﾝｸﾞ
データセンター | ﾃﾞｰﾀｾﾝﾀｰ
データ－センター | データーセンター
コーヒー | コ－ヒ－
コーヒー | ｺｰﾋｰ
コーヒー | コ〜ヒ〜
株式会社 ABC | ABC株式会社
ABC | ａｂｃ
A B C | ABC
A-B-C | ABC
A.B.C. | ABC
がっこう | ガッコウ
ヴィレッジ | ｳﾞｨﾚｯｼﾞ
パン | ﾊﾟﾝ
いすゞ | いすず
ゞ | ゞ
株式会社三井住友銀行 新宿支店 | 三井住友銀行
日本郵便株式会社 東京支社 | 日本郵便
株式会社セブン－イレブン・ジャパン | 株式会社セブン-イレブン・ジャパン
株式会社セブン－イレブン・ジャパン | セブンイレブンジャパン
㈱ＡＢＣ | (株)ABC
ABC(株) | ABC（株）
ABC 株式会社 | ABC株式会社
ABC株式会社　御中 | ABC株式会社
ABC株式会社 ご担当者様 | ABC株式会社
山田工務店 様 | 山田工務店
株式会社山田 殿 | 山田
SAKATA SEED CORP. | SAKATA SEED CORPORATION
大和証券 | 大和證券
SAKATA SEED CO., LTD. | Sakata Seed Co.,Ltd
";

/// Different companies: cores must differ.
const DIFFERENT: &str = r"
気工社 | 機工社
エーワン | エ一ワン
エ業 | 工業
ロゴス | 口ゴス
カ学 | 力学
電気 | 雷気
山田工務店 | 山田工業
日本データセンター | 日本データ
日本データセンター株式会社 | 日本データ株式会社
ヤクルト本社 | ヤクルト
株式会社三菱総合研究所 | 株式会社三菱総合
キヤノン | キャノン
シャープ | シャーブ
斉藤 | 斎藤
埼玉銀行 | 崎玉銀行
ABC | ABD
アイエイチアイ | アイエッチアイ
第一工業 | 第二工業
東京電力 | 東北電力
日本通運 | 日本運通
株式会社山田 | 有限会社山田田
ソニー | ソニ
住友商事 | 住友商亊
ＡＮＡ | ANA1
三井 | 三菱
";

#[test]
fn same_and_different() {
    let mut failures = Vec::new();
    for r in rows(SAME) {
        let (a, b) = (normalize_name(r[0]).core, normalize_name(r[1]).core);
        if a != b {
            failures.push(format!(
                "should be equal: {} => {a} / {} => {b}",
                r[0], r[1]
            ));
        }
    }
    for r in rows(DIFFERENT) {
        let (a, b) = (normalize_name(r[0]).core, normalize_name(r[1]).core);
        if a == b {
            failures.push(format!("should differ: {} / {} => {a}", r[0], r[1]));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// input | core | legal form | position
const READINGS: &str = r"
カブシキガイシャ サカタノタネ | サカタノタネ | 株式会社 | prefix
カブシキガイシャサカタノタネ | サカタノタネ | 株式会社 | prefix
サカタノタネカブシキガイシャ | サカタノタネ | 株式会社 | suffix
ｻｶﾀﾉﾀﾈ | サカタノタネ | - | -
さかたのたね | サカタノタネ | - | -
ｶ)ｻｶﾀﾉﾀﾈ | サカタノタネ | 株式会社 | prefix
ｻｶﾀﾉﾀﾈ(ｶ | サカタノタネ | 株式会社 | suffix
ゴヨウケンセツカブシキガイシャ | ゴヨウケンセツ | 株式会社 | suffix
イチカワカブシキガイシャ | イチカワ | 株式会社 | suffix
カブシキカイシャキンタロウオンセン | キンタロウオンセン | 株式会社 | prefix
カブシキガイシヤヒガシホールディングス | ヒガシホールディングス | 株式会社 | prefix
アンジェス　カブシキガイシャ | アンジェス | 株式会社 | suffix
ユウゲンガイシャヤマダ | ヤマダ | 有限会社 | prefix
ﾕ)ﾔﾏﾀﾞｺｳﾑﾃﾝ | ヤマダコウムテン | 有限会社 | prefix
ゴウドウガイシャタナカキカク | タナカキカク | 合同会社 | prefix
ゴウドウセイテツカブシキガイシャ | ゴウドウセイテツ | 株式会社 | suffix
ｲｯﾊﾟﾝｼｬﾀﾞﾝﾎｳｼﾞﾝ ﾆﾎﾝｹｲｻﾞｲﾀﾞﾝﾀｲﾚﾝｺﾞｳｶｲ | ニホンケイザイダンタイレンゴウカイ | 一般社団法人 | prefix
イリョウホウジンシャダン ヤマダカイ | ヤマダカイ | 医療法人社団 | prefix
ガッコウホウジン ワセダダイガク | ワセダダイガク | 学校法人 | prefix
ｿﾆｰ | ソニー | - | -
ソニ－ | ソニー | - | -
ソニ― | ソニー | - | -
ﾌｧｰｽﾄﾘﾃｲﾘﾝｸﾞ | ファーストリテイリング | - | -
キヤノン | キヤノン | - | -
キャノン | キャノン | - | -
ｷｬﾉﾝ | キャノン | - | -
ヴィレッジ | ヴィレッジ | - | -
ｳﾞｨﾚｯｼﾞ | ヴィレッジ | - | -
う゛ぃれっじ | ヴィレッジ | - | -
ニッポン・パレット | ニッポンパレット | - | -
イスヾ | イスズ | - | -
ジャンプファンドマネジメントカブシキカイシャ | ジャンプファンドマネジメント | 株式会社 | suffix
カブシキガイシャ　ミツイイーアンドエス | ミツイイーアンドエス | 株式会社 | prefix
エヌ　ティ　ティ　データ | エヌティティデータ | - | -
ﾄﾖﾀｼﾞﾄﾞｳｼｬ(ｶ) | トヨタジドウシャ | 株式会社 | suffix
ﾄﾞ)ﾀﾅｶｷｶｸ | タナカキカク | 合同会社 | prefix
ﾌｸ)ｱｵｿﾞﾗｶｲ | アオゾラカイ | 社会福祉法人 | prefix
ﾄｸﾋ)ﾌﾛｰﾚﾝｽ | フローレンス | 特定非営利活動法人 | prefix
カブシキガイシャ | カブシキガイシャ | 株式会社 | prefix
";

#[test]
fn readings() {
    let mut failures = Vec::new();
    for r in rows(READINGS) {
        let got = normalize_reading(r[0]);
        let lf = got.legal_form.map(|f| f.as_str());
        let pos = got.legal_form_position.map(|p| p.as_str());
        if got.core != r[1] || lf != opt(r[2]) || pos != opt(r[3]) {
            failures.push(format!("{} => {:?} {lf:?} {pos:?}", r[0], got.core));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// input | core | legal form
const ENGLISH: &str = r"
SAKATA SEED CORPORATION | sakata seed | Co., Ltd.
Sakata Seed Corp. | sakata seed | Co., Ltd.
SAKATA SEED CO.,LTD. | sakata seed | Co., Ltd.
Sakata Seed Co., Ltd | sakata seed | Co., Ltd.
sakata seed k.k. | sakata seed | 株式会社
Sakata Seed KK | sakata seed | 株式会社
SAKATA SEED KABUSHIKI KAISHA | sakata seed | 株式会社
Kabushiki Kaisha Sakata Seed | sakata seed | 株式会社
Sakata Seed | sakata seed | -
ＳＡＫＡＴＡ　ＳＥＥＤ | sakata seed | -
PENTA-OCEAN CONSTRUCTION CO.,LTD. | penta ocean construction | Co., Ltd.
ICHIKAWA CO., LTD. | ichikawa | Co., Ltd.
NSW Inc. | nsw | Co., Ltd.
UMC Electronics Co.,Ltd. | umc electronics | Co., Ltd.
The 77Bank,Ltd. | 77bank | Co., Ltd.
Yushiro Inc. | yushiro | Co., Ltd.
THE HOKURIKU SIGHTSEEING AND DEVELOPMENT CO.,LTD. | hokuriku sightseeing and development | Co., Ltd.
LiNKX, Inc. | linkx | Co., Ltd.
uSonar Co., Ltd | usonar | Co., Ltd.
T.KAWABE & CO., LTD. | tkawabe | Co., Ltd.
Nano Holdings, Inc. | nano holdings | Co., Ltd.
Jolly-Pasta CO.,LTD. | jolly pasta | Co., Ltd.
F-TECH INC. | f tech | Co., Ltd.
AnGes, Inc. | anges | Co., Ltd.
THE NIHON SEIMA CO.,LTD | nihon seima | Co., Ltd.
Japan Airport Terminal Co.,Ltd. | japan airport terminal | Co., Ltd.
The Furukawa Battery Co.,Ltd. | furukawa battery | Co., Ltd.
TOMITA CO.LTD. | tomita | Co., Ltd.
AlphaPurchase Corporation | alphapurchase | Co., Ltd.
MITSUI E&S Co., Ltd. | mitsui e and s | Co., Ltd.
MITSUI E and S Co., Ltd. | mitsui e and s | Co., Ltd.
TOKYO KIKAI SEISAKUSHO,LTD. | tokyo kikai seisakusho | Co., Ltd.
West Holdings corporation | west holdings | Co., Ltd.
Johnson & Johnson K.K. | johnson and johnson | 株式会社
DMM.com LLC | dmmcom | 合同会社
Amazon Japan G.K. | amazon japan | 合同会社
Sony Group Corporation | sony group | Co., Ltd.
The Bank of Yokohama, Ltd. | bank of yokohama | Co., Ltd.
Tokyo Electric Power Company Holdings, Incorporated | tokyo electric power company holdings | Co., Ltd.
Nippon Telegraph and Telephone Corporation | nippon telegraph and telephone | Co., Ltd.
NTT DATA Group Corporation | ntt data group | Co., Ltd.
Nestlé Japan Limited | nestle japan | Co., Ltd.
McDonald's Holdings Company (Japan), Ltd. | mcdonalds holdings company japan | Co., Ltd.
Co., Ltd. | co ltd | -
";

#[test]
fn english() {
    let mut failures = Vec::new();
    for r in rows(ENGLISH) {
        let got = normalize_english(r[0]);
        let lf = got.legal_form.map(|f| f.as_str());
        if got.core != r[1] || lf != opt(r[2]) {
            failures.push(format!("{} => {:?} {lf:?}", r[0], got.core));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// input | prefecture | city | town | chome | block | building | postal code
const ADDRESSES: &str = r"
東京都文京区後楽二丁目２番８号 | 東京都 | 文京区 | 後楽 | 2 | 2-8 | - | -
東京都文京区後楽2-2-8 | 東京都 | 文京区 | 後楽 | 2 | 2-8 | - | -
文京区後楽2丁目2番8号 | 東京都 | 文京区 | 後楽 | 2 | 2-8 | - | -
東京都文京区本郷二丁目１４番１５号 | 東京都 | 文京区 | 本郷 | 2 | 14-15 | - | -
東京都渋谷区桜丘町３１番１１号 | 東京都 | 渋谷区 | 桜丘町 | - | 31-11 | - | -
埼玉県上尾市瓦葺７２１番地 | 埼玉県 | 上尾市 | 瓦葺 | - | 721 | - | -
東京都千代田区丸の内１－８－１丸の内トラストタワーＮ館１４階 | 東京都 | 千代田区 | 丸の内 | 1 | 8-1 | 丸の内トラストタワーN館14階 | -
宮城県仙台市青葉区中央三丁目３番２０号 | 宮城県 | 仙台市青葉区 | 中央 | 3 | 3-20 | - | -
仙台市青葉区中央3-3-20 | 宮城県 | 仙台市青葉区 | 中央 | 3 | 3-20 | - | -
東京都千代田区内神田一丁目１４番８号　ＫＡＮＤＡＳＱＵＡＲＥＧＡＴＥ | 東京都 | 千代田区 | 内神田 | 1 | 14-8 | KANDASQUAREGATE | -
東京都大田区千鳥２丁目３４番１６号 | 東京都 | 大田区 | 千鳥 | 2 | 34-16 | - | -
神奈川県横浜市中区新港二丁目２番１号 | 神奈川県 | 横浜市中区 | 新港 | 2 | 2-1 | - | -
横浜市中区新港2-2-1 | 神奈川県 | 横浜市中区 | 新港 | 2 | 2-1 | - | -
東京都中央区銀座七丁目１６番１４号　銀座イーストビル | 東京都 | 中央区 | 銀座 | 7 | 16-14 | 銀座イーストビル | -
石川県加賀市新保町ト１番地の１ | 石川県 | 加賀市 | 新保町ト | - | 1-1 | - | -
東京都目黒区鷹番二丁目１６番１８号（Ｋビル） | 東京都 | 目黒区 | 鷹番 | 2 | 16-18 | (Kビル) | -
東京都港区赤坂一丁目１２番３２号 | 東京都 | 港区 | 赤坂 | 1 | 12-32 | - | -
東京都新宿区西新宿三丁目２０番２号 | 東京都 | 新宿区 | 西新宿 | 3 | 20-2 | - | -
長野県長野市南千歳一丁目１番地１ | 長野県 | 長野市 | 南千歳 | 1 | 1-1 | - | -
滋賀県彦根市宮田町５９１－１ | 滋賀県 | 彦根市 | 宮田町 | - | 591-1 | - | -
香川県高松市香西南町４５５番地の１ | 香川県 | 高松市 | 香西南町 | - | 455-1 | - | -
東京都東京都文京区本郷６丁目１７番９号 | 東京都 | 文京区 | 本郷 | 6 | 17-9 | - | -
大阪府大阪市北区芝田二丁目８番１１号 | 大阪府 | 大阪市北区 | 芝田 | 2 | 8-11 | - | -
大阪市北区芝田2-8-11 | 大阪府 | 大阪市北区 | 芝田 | 2 | 8-11 | - | -
富山県魚津市天神野新６０００番地 | 富山県 | 魚津市 | 天神野新 | - | 6000 | - | -
東京都新宿区市谷本村町３ー２９ | 東京都 | 新宿区 | 市谷本村町 | - | 3-29 | - | -
東京都新宿区四谷４丁目１６番３号 | 東京都 | 新宿区 | 四谷 | 4 | 16-3 | - | -
兵庫県加古川市加古川町平野１２５番１ | 兵庫県 | 加古川市 | 加古川町平野 | - | 125-1 | - | -
長崎県佐世保市湊町３番１３号 | 長崎県 | 佐世保市 | 湊町 | - | 3-13 | - | -
東京都渋谷区千駄ヶ谷３－２０－１２ | 東京都 | 渋谷区 | 千駄ケ谷 | 3 | 20-12 | - | -
埼玉県久喜市菖蒲町昭和沼１９番地 | 埼玉県 | 久喜市 | 菖蒲町昭和沼 | - | 19 | - | -
大阪府茨木市彩都あさぎ七丁目７番１５号 | 大阪府 | 茨木市 | 彩都あさぎ | 7 | 7-15 | - | -
富山県砺波市下中３番地３ | 富山県 | 砺波市 | 下中 | - | 3-3 | - | -
東京都港区海岸１丁目１０番３０号 | 東京都 | 港区 | 海岸 | 1 | 10-30 | - | -
東京都大田区羽田空港三丁目３番２号　第１旅客ターミナルビル | 東京都 | 大田区 | 羽田空港 | 3 | 3-2 | 第1旅客ターミナルビル | -
神奈川県横浜市保土ヶ谷区星川二丁目４番１号 | 神奈川県 | 横浜市保土ケ谷区 | 星川 | 2 | 4-1 | - | -
横浜市保土ケ谷区星川2-4-1 | 神奈川県 | 横浜市保土ケ谷区 | 星川 | 2 | 4-1 | - | -
保土ヶ谷区星川二丁目4-1 | 神奈川県 | 横浜市保土ケ谷区 | 星川 | 2 | 4-1 | - | -
新潟県新潟市西蒲区越前浜字浜手６９８５番地２ | 新潟県 | 新潟市西蒲区 | 越前浜字浜手 | - | 6985-2 | - | -
愛知県名古屋市港区川西通５－１２ | 愛知県 | 名古屋市港区 | 川西通 | - | 5-12 | - | -
東京都港区芝大門２－１１－１ | 東京都 | 港区 | 芝大門 | 2 | 11-1 | - | -
東京都千代田区富士見２－１０－２　飯田橋グラン・ブルーム | 東京都 | 千代田区 | 富士見 | 2 | 10-2 | 飯田橋グラン・ブルーム | -
広島県広島市西区楠木町一丁目１５番２４号 | 広島県 | 広島市西区 | 楠木町 | 1 | 15-24 | - | -
〒224-8520 神奈川県横浜市都筑区仲町台２－７－１ | 神奈川県 | 横浜市都筑区 | 仲町台 | 2 | 7-1 | - | 2248520
〒2248520 横浜市都筑区仲町台2丁目7番1号 | 神奈川県 | 横浜市都筑区 | 仲町台 | 2 | 7-1 | - | 2248520
〒 224-8520 都筑区仲町台二丁目七番一号 | 神奈川県 | 横浜市都筑区 | 仲町台 | 2 | 7-1 | - | 2248520
224-8520 神奈川県横浜市都筑区仲町台2-7-1 | 神奈川県 | 横浜市都筑区 | 仲町台 | 2 | 7-1 | - | 2248520
〒２２４－８５２０　神奈川県横浜市都筑区仲町台２－７－１ | 神奈川県 | 横浜市都筑区 | 仲町台 | 2 | 7-1 | - | 2248520
神奈川県横浜市都筑区仲町台2-7-1 〒224-8520 | 神奈川県 | 横浜市都筑区 | 仲町台 | 2 | 7-1 | - | 2248520
神奈川県 横浜市 都筑区 仲町台 2-7-1 | 神奈川県 | 横浜市都筑区 | 仲町台 | 2 | 7-1 | - | -
東京都千代田区丸の内1-1-1 パレスビル5F | 東京都 | 千代田区 | 丸の内 | 1 | 1-1 | パレスビル5F | -
千代田区丸の内1-1-1 パレスビル 5階 | 東京都 | 千代田区 | 丸の内 | 1 | 1-1 | パレスビル 5階 | -
千代田区丸ノ内1-1-1 | 東京都 | 千代田区 | 丸ノ内 | 1 | 1-1 | - | -
東京都千代田区一番町5-3 | 東京都 | 千代田区 | 一番町 | - | 5-3 | - | -
東京都千代田区九段北一丁目1番1号 | 東京都 | 千代田区 | 九段北 | 1 | 1-1 | - | -
東京都品川区東五反田二丁目十番二号 | 東京都 | 品川区 | 東五反田 | 2 | 10-2 | - | -
東京都港区六本木六丁目十番一号 | 東京都 | 港区 | 六本木 | 6 | 10-1 | - | -
東京都中央区八丁堀二丁目二十三番一号 | 東京都 | 中央区 | 八丁堀 | 2 | 23-1 | - | -
東京都新宿区四谷三丁目十一番地 | 東京都 | 新宿区 | 四谷 | 3 | 11 | - | -
東京都港区三田一丁目4番28号 三田国際ビル15階 | 東京都 | 港区 | 三田 | 1 | 4-28 | 三田国際ビル15階 | -
北海道札幌市中央区大通西3丁目7 | 北海道 | 札幌市中央区 | 大通西 | 3 | 7 | - | -
札幌市中央区北1条西2丁目1番地 | 北海道 | 札幌市中央区 | 北1条西 | 2 | 1 | - | -
北海道上川郡東神楽町ひじり野北1条1丁目1-1 | 北海道 | 上川郡東神楽町 | ひじり野北1条 | 1 | 1-1 | - | -
北海道東神楽町ひじり野北1条1丁目1-1 | 北海道 | 上川郡東神楽町 | ひじり野北1条 | 1 | 1-1 | - | -
茨城県龍ケ崎市3710 | 茨城県 | 龍ケ崎市 | - | - | 3710 | - | -
茨城県竜ヶ崎市3710 | 茨城県 | 龍ケ崎市 | - | - | 3710 | - | -
龍ヶ崎市3710 | 茨城県 | 龍ケ崎市 | - | - | 3710 | - | -
宮城県塩竈市旭町1-1 | 宮城県 | 塩竈市 | 旭町 | - | 1-1 | - | -
宮城県塩釜市旭町1-1 | 宮城県 | 塩竈市 | 旭町 | - | 1-1 | - | -
塩釜市旭町1-1 | 宮城県 | 塩竈市 | 旭町 | - | 1-1 | - | -
埼玉県さいたま市大宮区桜木町1-7-5 | 埼玉県 | さいたま市大宮区 | 桜木町 | 1 | 7-5 | - | -
さいたま市大宮区桜木町一丁目7番地5 | 埼玉県 | さいたま市大宮区 | 桜木町 | 1 | 7-5 | - | -
府中市宮西町2-24 | - | 府中市 | 宮西町 | - | 2-24 | - | -
東京都府中市宮西町2-24 | 東京都 | 府中市 | 宮西町 | - | 2-24 | - | -
広島県府中市府川町315 | 広島県 | 府中市 | 府川町 | - | 315 | - | -
北区王子1-1-1 | 東京都 | 北区 | 王子 | 1 | 1-1 | - | -
大阪府北区梅田1-1-1 | 大阪府 | 北区 | 梅田 | 1 | 1-1 | - | -
大阪北区梅田1-1-1 | 大阪府 | 北区 | 梅田 | 1 | 1-1 | - | -
東京千代田区丸の内1-1-1 | 東京都 | 千代田区 | 丸の内 | 1 | 1-1 | - | -
大阪市中央区本町1-1-1 | 大阪府 | 大阪市中央区 | 本町 | 1 | 1-1 | - | -
京都市中京区烏丸通二条下ル 1 | 京都府 | 京都市中京区 | 烏丸通二条下ル | - | 1 | - | -
京都府京都市下京区四条通 | 京都府 | 京都市下京区 | 四条通 | - | - | - | -
福岡市博多区博多駅前2-1-1 | 福岡県 | 福岡市博多区 | 博多駅前 | 2 | 1-1 | - | -
福岡県福岡市博多区博多駅前二丁目1番1号 | 福岡県 | 福岡市博多区 | 博多駅前 | 2 | 1-1 | - | -
愛知県名古屋市中村区名駅1-1-4 | 愛知県 | 名古屋市中村区 | 名駅 | 1 | 1-4 | - | -
名古屋市中村区名駅一丁目1番4号 | 愛知県 | 名古屋市中村区 | 名駅 | 1 | 1-4 | - | -
沖縄県那覇市泉崎1-2-2 | 沖縄県 | 那覇市 | 泉崎 | 1 | 2-2 | - | -
神奈川県川崎市中原区小杉町3-1-1-1201 | 神奈川県 | 川崎市中原区 | 小杉町 | 3 | 1-1 | 1201 | -
青森県西津軽郡鰺ヶ沢町大字本町1 | 青森県 | 西津軽郡鰺ヶ沢町 | 本町 | - | 1 | - | -
長野県北佐久郡軽井沢町大字軽井沢1323番地 | 長野県 | 北佐久郡軽井沢町 | 軽井沢 | - | 1323 | - | -
軽井沢町大字軽井沢1323 | 長野県 | 北佐久郡軽井沢町 | 軽井沢 | - | 1323 | - | -
東京都港区 | 東京都 | 港区 | - | - | - | - | -
東京都 | 東京都 | - | - | - | - | - | -
神奈川県 | 神奈川県 | - | - | - | - | - | -
〒100-0001 | - | - | - | - | - | - | 1000001
東京都千代田区千代田1番1号 | 東京都 | 千代田区 | 千代田 | - | 1-1 | - | -
東京都千代田区霞が関1-3-1 | 東京都 | 千代田区 | 霞が関 | 1 | 3-1 | - | -
東京都千代田区霞ヶ関1-3-1 | 東京都 | 千代田区 | 霞ケ関 | 1 | 3-1 | - | -
東京都千代田区大手町１丁目５番１号 大手町ファーストスクエア ウエストタワー ２３Ｆ | 東京都 | 千代田区 | 大手町 | 1 | 5-1 | 大手町ファーストスクエア ウエストタワー 23F | -
東京都千代田区大手町1－5－1 | 東京都 | 千代田区 | 大手町 | 1 | 5-1 | - | -
東京都千代田区大手町1‐5‐1 | 東京都 | 千代田区 | 大手町 | 1 | 5-1 | - | -
東京都千代田区大手町1ー5ー1 | 東京都 | 千代田区 | 大手町 | 1 | 5-1 | - | -
東京都千代田区大手町一ー五ー一 | 東京都 | 千代田区 | 大手町 | 1 | 5-1 | - | -
岩手県盛岡市内丸10番1号 | 岩手県 | 盛岡市 | 内丸 | - | 10-1 | - | -
岩手県紫波郡紫波町桜町字本町川原1 | 岩手県 | 紫波郡紫波町 | 桜町字本町川原 | - | 1 | - | -
";

#[test]
fn addresses() {
    let mut failures = Vec::new();
    for r in rows(ADDRESSES) {
        let a = parse_address(r[0]);
        let chome = a.chome.map(|c| c.to_string());
        let got = [
            a.prefecture.as_deref(),
            a.city.as_deref(),
            a.town.as_deref(),
            chome.as_deref(),
            a.block.as_deref(),
            a.building.as_deref(),
            a.postal_code.as_deref(),
        ];
        let want: Vec<Option<&str>> = r[1..].iter().map(|s| opt(s)).collect();
        if got.as_slice() != want.as_slice() {
            failures.push(format!("{} => {got:?}", r[0]));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// input | building | floor | room
const BUILDINGS: &str = r"
東京都千代田区丸の内1-1-1 パレスビル5F | パレスビル5F | 5 | -
東京都千代田区丸の内1-1-1 パレスビル 5階 | パレスビル 5階 | 5 | -
東京都千代田区丸の内一丁目1番1号　パレスビル５Ｆ | パレスビル5F | 5 | -
東京都港区六本木6-10-1 六本木ヒルズ森タワー 49F | 六本木ヒルズ森タワー 49F | 49 | -
東京都港区六本木6-10-1 B1F | B1F | -1 | -
東京都港区六本木6-10-1 地下1階 | 地下1階 | -1 | -
神奈川県川崎市中原区小杉町3-1-1-1201 | 1201 | - | 1201
東京都世田谷区三軒茶屋1-2-3 サンハイツ 305 | サンハイツ 305 | - | 305
東京都世田谷区三軒茶屋1-2-3 サンハイツ305号室 | サンハイツ305号室 | - | 305
東京都世田谷区三軒茶屋1-2-3 サンハイツ 3階 301号室 | サンハイツ 3階 301号室 | 3 | 301
東京都千代田区丸の内1-8-1 丸の内トラストタワーN館14階 | 丸の内トラストタワーN館14階 | 14 | -
東京都大田区羽田空港3-3-2 第1旅客ターミナルビル | 第1旅客ターミナルビル | - | -
東京都渋谷区渋谷2-21-1 渋谷ヒカリエ 8F | 渋谷ヒカリエ 8F | 8 | -
大阪府大阪市北区梅田3-1-3 ノースゲートビル 10F | ノースゲートビル 10F | 10 | -
東京都新宿区西新宿2-8-1 | - | - | -
";

#[test]
fn buildings() {
    let mut failures = Vec::new();
    for r in rows(BUILDINGS) {
        let a = parse_address(r[0]);
        let floor = a.floor.map(|f| f.to_string());
        let got = [a.building.as_deref(), floor.as_deref(), a.room.as_deref()];
        let want: Vec<Option<&str>> = r[1..].iter().map(|s| opt(s)).collect();
        if got.as_slice() != want.as_slice() {
            failures.push(format!("{} => {got:?}", r[0]));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn empty_inputs() {
    assert_eq!(parse_address(""), Default::default());
    assert_eq!(normalize_name("").core, "");
    assert_eq!(normalize_name("").legal_form, None);
    assert_eq!(normalize_reading("").core, "");
    assert_eq!(normalize_english("").core, "");
    assert_eq!(normalize_phone(""), None);
    assert_eq!(registrable_domain(""), None);
}

/// input | digits | area code | kind | valid   (`-` digits: no phone at all)
const PHONES: &str = r"
045-945-8800 | 0459458800 | 045 | fixed | true
045(945)8800 | 0459458800 | 045 | fixed | true
(045)945-8800 | 0459458800 | 045 | fixed | true
０４５－９４５－８８００ | 0459458800 | 045 | fixed | true
０４５（９４５）８８００ | 0459458800 | 045 | fixed | true
0459458800 | 0459458800 | - | fixed | true
045 945 8800 | 0459458800 | 045 | fixed | true
045.945.8800 | 0459458800 | 045 | fixed | true
TEL:045-945-8800 | 0459458800 | 045 | fixed | true
TEL 045-945-8800 FAX 045-945-8801 | 0459458800 | 045 | fixed | true
電話：045-945-8800 | 0459458800 | 045 | fixed | true
+81-45-945-8800 | 0459458800 | 045 | fixed | true
+81 45 945 8800 | 0459458800 | 045 | fixed | true
+81 (0)45-945-8800 | 0459458800 | 045 | fixed | true
+81459458800 | 0459458800 | - | fixed | true
+８１－４５－９４５－８８００ | 0459458800 | 045 | fixed | true
0081-45-945-8800 | 0459458800 | 045 | fixed | true
03-1234-5678 | 0312345678 | 03 | fixed | true
0312345678 | 0312345678 | 03 | fixed | true
06-6123-4567 | 0661234567 | 06 | fixed | true
0661234567 | 0661234567 | 06 | fixed | true
0422-12-3456 | 0422123456 | 0422 | fixed | true
04992-2-1234 | 0499221234 | 04992 | fixed | true
011-222-3333 | 0112223333 | 011 | fixed | true
090-1234-5678 | 09012345678 | - | mobile | true
080-1234-5678 | 08012345678 | - | mobile | true
070-1234-5678 | 07012345678 | - | mobile | true
+81 90-1234-5678 | 09012345678 | - | mobile | true
09012345678 | 09012345678 | - | mobile | true
0120-123-456 | 0120123456 | - | free_dial | true
0120123456 | 0120123456 | - | free_dial | true
0800-123-4567 | 08001234567 | - | free_dial | true
0570-123-456 | 0570123456 | - | navi | true
050-1234-5678 | 05012345678 | - | ip | true
03-1234-567 | 031234567 | - | unknown | false
090-1234-567 | 0901234567 | - | unknown | false
045-945-88000 | 04594588000 | - | unknown | false
12345678 | 12345678 | - | unknown | false
03-1234-5678 内線123 | 0312345678 | 03 | fixed | true
03-1234-5678 (代表) | 0312345678 | 03 | fixed | true
03-1234-5678 ext. 12 | 0312345678 | 03 | fixed | true
なし | - | - | - | -
- | - | - | - | -
123 | - | - | - | -
+1 212-555-0100 | +12125550100 | - | unknown | true
";

#[test]
fn phones() {
    let mut failures = Vec::new();
    for r in rows(PHONES) {
        let p = normalize_phone(r[0]);
        let ok = match (&p, opt(r[1])) {
            (None, None) => true,
            (Some(p), Some(d)) => {
                p.digits == d
                    && p.area_code.as_deref() == opt(r[2])
                    && p.kind.as_str() == r[3]
                    && p.valid.to_string() == r[4]
            }
            _ => false,
        };
        if !ok {
            failures.push(format!("{} => {p:?}", r[0]));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// input | registrable domain (`-`: none)
const URLS: &str = r"
https://www.sakata-netshop.com/shop/ | sakata-netshop.com
sakata-netshop.com | sakata-netshop.com
http://sakata-netshop.com | sakata-netshop.com
www.sakata-netshop.com | sakata-netshop.com
HTTPS://WWW.SAKATA-NETSHOP.COM/ | sakata-netshop.com
ｈｔｔｐｓ：／／ｗｗｗ．ｓａｋａｔａ－ｎｅｔｓｈｏｐ．ｃｏｍ／ | sakata-netshop.com
https://www.sakataseed.co.jp/ | sakataseed.co.jp
https://www.sakataseed.co.jp/index.html?x=1#top | sakataseed.co.jp
sakataseed.co.jp | sakataseed.co.jp
https://shop.sakataseed.co.jp/ | sakataseed.co.jp
info@sakataseed.co.jp | sakataseed.co.jp
mailto:info@sakataseed.co.jp | sakataseed.co.jp
INFO@MAIL.SAKATASEED.CO.JP | sakataseed.co.jp
https://www.example.or.jp/ | example.or.jp
https://www.example.ne.jp/ | example.ne.jp
https://www.u-tokyo.ac.jp/ja/ | u-tokyo.ac.jp
https://www.meti.go.jp/ | meti.go.jp
https://www.city.yokohama.lg.jp/ | city.yokohama.lg.jp
https://www.pref.kanagawa.jp/ | pref.kanagawa.jp
https://www.city.chiyoda.tokyo.jp/ | city.chiyoda.tokyo.jp
https://www.example.ed.jp/ | example.ed.jp
https://www.example.gr.jp/ | example.gr.jp
https://www.bbc.co.uk/news | bbc.co.uk
https://www.abc.net.au/ | abc.net.au
https://www.example.com.au/ | example.com.au
https://example.com:8080/path | example.com
http://user:pass@example.com/ | example.com
https://a.b.c.example.com/ | example.com
https://www.example.jp/ | example.jp
https://example.jp. | example.jp
https://www.toyota.jp | toyota.jp
https://global.toyota/ | global.toyota
https://www.sony.com/ja/ | sony.com
//www.example.com/x | example.com
 https://www.example.com  | example.com
192.168.0.1 | 192.168.0.1
http://localhost/ | -
https:// | -
なし | -
- | -
example | -
.com | -
foo..com | -
-foo.com | -
co.jp | -
https://日本語.jp/ | 日本語.jp
";

#[test]
fn urls() {
    let mut failures = Vec::new();
    for r in rows(URLS) {
        let got = registrable_domain(r[0]);
        if got.as_deref() != opt(r[1]) {
            failures.push(format!("{} => {got:?}", r[0]));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn corpus_size() {
    let n = [
        NAMES, SAME, DIFFERENT, READINGS, ENGLISH, ADDRESSES, BUILDINGS, PHONES, URLS,
    ]
    .iter()
    .map(|t| rows(t).count())
    .sum::<usize>();
    assert!(n >= 400, "only {n} cases");
    println!("corpus: {n} cases");
}
