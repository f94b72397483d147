"""Numbers stated in prose → s.* keys: precision first."""

import pytest

from etl.prose import extract_prose_values
from tests.conftest import requires_gold


def values(text: str, year: int | None = 2014) -> dict:
    found, _ = extract_prose_values(text, year)
    return {v.key: v.value for v in found}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # every request received answered: as many processed (the Putian reports with tables agree)
        (
            "2014年,我局共计收到政府信息公开申请1项,已按时办结。",
            {"s.requests_received": 1, "s.requests_processed": 1},
        ),
        ("2014年，我局未接到依申请公开政府信息事项。", {"s.requests_received": 0}),
        ("目前,我局没有收到任何依申请公开政府信息的申请。", {"s.requests_received": 0}),
        ("全年共受理政府信息公开申请二十三件。", {"s.requests_received": 23}),
        ("全年受理政府信息公开申请 749 件。", {"s.requests_received": 749}),
        ("全年主动公开政府信息2069条。", {"s.proactive_items": 2069}),
        ("未收到有关政府信息公开行政复议、提起行政诉讼的申请。", {"s.reviews": 0, "s.lawsuits": 0}),
        ("发生行政复议案件2件、行政诉讼案件1件。", {"s.reviews": 2, "s.lawsuits": 1}),
        ("全年收取信息处理费共计380元。", {"s.fees_yuan": 380}),
        ("未向申请人收取任何费用。", {"s.fees_yuan": 0}),
        (
            "未发生针对政府信息公开工作的行政复议，未产生与政府信息公开相关的收费情况。",
            {"s.reviews": 0, "s.fees_yuan": 0},
        ),
        # word orders and zero statements found on real pages of 2008-2012 (phrasings, not copied text)
        ("本年度共收到申请政府信息公开8件(次)。", {"s.requests_received": 8}),
        ("我局2014年度受理依申请公开政府信息0件。", {"s.requests_received": 0}),
        ("本年共整理、发布21条主动公开政府信息。", {"s.proactive_items": 21}),
        ("全年共收到有关政府信息公开的行政复议申请4件。", {"s.reviews": 4}),  # not a disclosure request
        ("本年度没有因信息公开而被申请行政复议或被提起行政诉讼的情况。", {"s.reviews": 0, "s.lawsuits": 0}),
        ("本年度未发生公民就信息公开申请行政复议，提起行政诉讼的情况。", {"s.reviews": 0, "s.lawsuits": 0}),
        ("未发生有关信息公开事务的行政复议案、行政诉讼案。", {"s.reviews": 0, "s.lawsuits": 0}),
        ("2014年度，我局政府信息公开没有收费。", {"s.fees_yuan": 0}),
        ("全年受理的申请均未收费。", {"s.fees_yuan": 0}),
        ("无收费及减免情况。", {"s.fees_yuan": 0}),
        ("我局没有任何信息公开的收费项目。", {"s.fees_yuan": 0}),
        # … and on real pages of 2013-2018
        ("2014年，我局主动公开、更新各类信息222条。", {"s.proactive_items": 222}),
        ("全年主动发布各类政府信息 876条。", {"s.proactive_items": 876}),
        ("2014年，共主动公开政府本级信息60条，其中工作动态45条。", {"s.proactive_items": 60}),
        ("我局网站主动公开政务信息(包括公示公告、办事服务等栏目)共计7685条。", {"s.proactive_items": 7685}),
        ("2014年度我镇主动公开政府信息件数为123件。", {"s.proactive_items": 123}),
        ("2014年度主动公开信息的有5条。", {"s.proactive_items": 5}),
        ("自2014年1月1日起至2014年12月31日止，我镇经审核主动公开信息568条。", {"s.proactive_items": 568}),
        ("截至2014年12月底，累计主动公开信息1200条。", {}),  # as of a date: not the year's
        ("2014年，我局收到12起政府信息依申请公开。", {"s.requests_received": 12}),
        ("共收到依申请公开请求30件。", {"s.requests_received": 30}),
        ("受理政府信息公开申请2件，按时办结2件。", {"s.requests_received": 2, "s.requests_processed": 2}),
        (
            "同意全部公开答复数20件，同意部分公开答复数2件，不同意公开答复数8件。",
            {"s.granted": 20, "s.partial": 2, "s.denied": 8},
        ),
        ("同意公开答复1条，由于信息不存在否决公开答复1条。", {"s.granted": 1, "s.unable": 1}),
        ("全年制发规范性文件4件。", {"s.normative_docs_made": 4}),
        ("2014年度我乡没有依申请公开的政府信息。", {"s.requests_received": 0}),
        (
            "2014年未收到信息公开的申请和未涉及“不予公开”的政府信息。",
            {"s.requests_received": 0, "s.denied": 0},
        ),
        ("2014年度未接到有关政府信息公开方面的复议、诉讼和申诉。", {"s.reviews": 0, "s.lawsuits": 0}),
        ("暂未对依申请提供政府信息收取检索、复印、邮寄等费用。", {"s.fees_yuan": 0}),
        ("2014年，我局没有因依申请公开信息收取或减免费用情况。", {"s.fees_yuan": 0}),
        ("2014年度未发生政府信息公开收费及减免情况。", {"s.fees_yuan": 0}),
        # … and on pages of 2019-2025
        (
            "2014年受理依申请公开1件，收到政府信息公开行政复议0件。",
            {"s.requests_received": 1, "s.reviews": 0},
        ),
        ("2014年，我局共收到依申请公开政府信息案件7件。", {"s.requests_received": 7}),
        (
            "2014年，我厅共收到依申请公开16项，办理15项，结转下年度继续办理1项。",
            {"s.requests_received": 16, "s.requests_processed": 15},
        ),
        ("全年共受理政府信息公开申请449件，结转下年度继续办理7件。", {"s.requests_received": 449}),
        ("答复政府信息公开申请1件，为部分公开。", {"s.requests_processed": 1}),
        (
            "办结依申请公开件177件(含2013年结转的3件)，其中，予以公开60件，部分公开51件，不予公开4件。",
            {"s.requests_processed": 177, "s.granted": 60, "s.partial": 51, "s.denied": 4},
        ),
        (
            "收到依申请公开65件，其中，予以公开或部分公开48件，不予公开8件。",
            {"s.requests_received": 65, "s.denied": 8},
        ),
        ("2014年度新发布的行政规范性文件4件。", {"s.normative_docs_made": 4}),
        ("2014年无公文解读情况，未印发行政规范性文件。", {"s.normative_docs_made": 0}),
        ("2014年，共公开政务信息362条。", {"s.proactive_items": 362}),
        ("2014年，我局共主动公示84条信息。", {"s.proactive_items": 84}),
        ("其他应主动公开政府信息856条。", {}),  # a category
        # one channel's count beside another's is not the year's total; several channels in one clause are
        ("全年在官方网站主动公开政府信息381条。“某某医保”微信公众号全年共发布信息847篇。", {}),
        (
            "通过网站、微信公众号和政务公开栏主动公开信息802条。网站“民意征集”栏目发布征集6条。",
            {"s.proactive_items": 802},
        ),
        # … and on real pages of 2008-2025 (set 8)
        ("2014年，我镇没有依申请公开政府信息办理事项。", {"s.requests_received": 0}),
        ("2014年，我厅共收到依申请公开政府信息事项12件。", {"s.requests_received": 12}),
        (
            "2014年受理政府信息依申请公开事项30件，办结29件。",
            {"s.requests_received": 30, "s.requests_processed": 29},
        ),
        ("本年度共收到和处理依申请公开3件。", {"s.requests_received": 3, "s.requests_processed": 3}),
        ("2014年依申请公开共受理4件。", {"s.requests_received": 4}),
        (
            "2014年，收到公民以信函、网页申请等形式的依申请公开6件，已按时办结。",
            {"s.requests_received": 6, "s.requests_processed": 6},
        ),
        ("7件政府信息公开申请均按时办结。", {"s.requests_processed": 7}),
        ("全年答复申请9件，未答复1件。", {"s.requests_processed": 9}),
        # all answered: only when nothing in between says some were not, and no count of its own follows
        ("共收到申请10件，已答复8件，2件正在办理。", {"s.requests_received": 10, "s.requests_processed": 8}),
        ("共收到申请10件，其中8件已答复。", {"s.requests_received": 10}),
        ("共收到申请10件，2件结转下年办理，其余均已答复。", {"s.requests_received": 10}),
        (
            "全年共收到2份书面政府信息公开申请，均依法回复。",
            {"s.requests_received": 2, "s.requests_processed": 2},
        ),
        # the reasons of 无法提供 one by one, summed (and never beside the whole)
        (
            "按时办结8件，其中同意公开答复数4件，申请信息不存在4件。",
            {"s.granted": 4, "s.unable": 4},
        ),
        ("同意公开5件，非本部门掌握1件，信息不存在、不明确4件。", {"s.granted": 5, "s.unable": 5}),
        ("无法提供6件，其中信息不存在3件，不属于本机关职责范围3件。", {"s.unable": 6}),
        # the whole before 其中 is no proactive count: its part that is one is
        (
            "2013年，全局同步推进主动公开与依申请公开工作，全年共制作政府信息236条，其中主动公开信息数为158条，"
            "依申请公开信息数54条。",
            {"s.proactive_items": 158},
        ),
        ("2014年度我局无依申请公开政务信息情况。", {"s.requests_received": 0}),
        ("2014年，共收到自然人申请2件，均按规定予以办理。", {"s.requests_received": 2}),
        # the received count written out beside one that holds carried-over requests; outcomes in 宗
        (
            "2014年共受理依申请公开121件(其中本年度新收申请数112件，上年结转申请数9件)，已答复119件，"
            "属于同意公开的60件，不同意公开的6件。",
            {"s.requests_received": 112, "s.requests_processed": 119, "s.granted": 60, "s.denied": 6},
        ),
        (
            "2014年，受理依申请公开信息 10宗，已答复9宗。在已答复的9宗申请中，“同意公开”的 7宗。",
            {"s.requests_received": 10, "s.requests_processed": 9, "s.granted": 7},
        ),
        ("在218件政府信息公开申请中，已答复175件，其中，“同意公开”168件。", {"s.granted": 168}),
        (
            "2014年度，区公安分局依申请公开受理和办结6件。",
            {"s.requests_received": 6, "s.requests_processed": 6},
        ),
        (
            "2014年，主动公开政府信息20条，受理政府信息公开申请13件，答复13件。",
            {"s.proactive_items": 20, "s.requests_received": 13, "s.requests_processed": 13},
        ),
        ("主动公开信息数：175条。", {"s.proactive_items": 175}),
        ("2014年，全年累计公开政府信息2874项，其中，公开政策文件29项。", {"s.proactive_items": 2874}),
        ("2014年，市卫生健康委收到1件要求公开政府信息的申请。", {"s.requests_received": 1}),
        (
            "2014年，市卫生健康委信息公开工作严格按照相关规定执行，没有涉及收费的公开项目。",
            {"s.fees_yuan": 0},
        ),
        ("本年度我镇未发生依申请公开信息收费和费用减免情况。", {"s.fees_yuan": 0}),
        ("同意公开答复4件，申请信息经查询不存在3件。", {"s.granted": 4, "s.unable": 3}),
        ("2014年度，主动公开了涉公安政府信息120条。", {"s.proactive_items": 120}),
        ("2014年，共主动公开信息197篇，其中公开政务动态类信息67篇。", {"s.proactive_items": 197}),
        (
            "2014年，收到公民提出公开政府信息申请1件，并按规定予以回复。",
            {"s.requests_received": 1, "s.requests_processed": 1},
        ),
        ("未发生受理依申请公开政府信息情况。", {"s.requests_received": 0}),
        ("全年办结行政复议申请2件。", {"s.reviews": 2}),  # not disclosure requests
        ("2014年，我街道通过门户网站公开并及时更新政府信息共计210条。", {"s.proactive_items": 210}),
        ("我镇主动公开的信息共计75条。", {"s.proactive_items": 75}),
        (
            "通过门户网、政务微博、报刊等方式，主动公开《条例》第二十条规定的相关政府信息4321条。",
            {"s.proactive_items": 4321},
        ),
        ("2014年度主动公开政府信息总数1234条。", {"s.proactive_items": 1234}),
        ("一年来，公开各类信息1500条。", {"s.proactive_items": 1500}),
        ("全年门户网站、微信、微博发布政府信息共有3300条。", {"s.proactive_items": 3300}),
        ("全年共制作政府信息236条，其中主动公开信息数为150条。", {"s.proactive_items": 150}),
        (
            "2014年，我局累计主动公开政府信息120条，其中在门户网站发布20条，微信公众号发布100条。",
            {"s.proactive_items": 120},
        ),
        ("本年出台行政规范性文件：制发件数2件，废止件数1件。", {"s.normative_docs_made": 2}),
        ("予以公开70件，不予公开5件，无法提供3件。", {"s.granted": 70, "s.denied": 5, "s.unable": 3}),
        ("我街道未收到关于政府信息公开的行政复议，无提起行政诉讼情况。", {"s.reviews": 0, "s.lawsuits": 0}),
        ("未收取任何信息公开检索、复制、邮寄等费用。", {"s.fees_yuan": 0}),
        ("我镇对申请公开政府信息暂免收费。", {"s.fees_yuan": 0}),
        ("2014年，我局主动及时公开政府信息82条。", {"s.proactive_items": 82}),
        # … and set 9
        ("2014年，通过微博、微信等平台主动公开各类公安政府信息4100条。", {"s.proactive_items": 4100}),
        ("2014年全年，我办通过门户网站及政务新媒体主动公开900条，其中网站80条。", {"s.proactive_items": 900}),
        (
            "全年受理依申请信息公开20件，全部按时办结。",
            {"s.requests_received": 20, "s.requests_processed": 20},
        ),
        ("2014年，收到信息依申请公开共0件。", {"s.requests_received": 0}),
        ("全年依申请公开数0件。", {"s.requests_received": 0}),
        ("2014年，街道接到7条提出公开政府信息的申请。", {"s.requests_received": 7}),
        ("本年度未发生依申请公开的政府信息。", {"s.requests_received": 0}),
        (
            "我室本年度未收到任何形式的依申请公开信息、行政复议和行政诉讼。",
            {"s.requests_received": 0, "s.reviews": 0, "s.lawsuits": 0},
        ),
        ("全年无行政规范性文件出台及更新情况。", {"s.normative_docs_made": 0}),
        ("也无因信息公开导致行政复议以及行政诉讼的情况。", {"s.reviews": 0, "s.lawsuits": 0}),
        # … and set 10
        ("2014年，共接到依申请公开办件0件。", {"s.requests_received": 0}),
        (
            "共办理公民、法人和其他组织提出的政府信息公开申请71件。",
            {"s.requests_received": 71, "s.requests_processed": 71},
        ),
        ("全平台发布各类政务信息合计930条。", {"s.proactive_items": 930}),
        ("2014年，收到申请26例，均依法办理。", {"s.requests_received": 26}),
        # … and set 11
        (
            "2021全年，街道共主动公开组织机构、部门文件、工作动态、办事指南等各类信息48条。",
            {"s.proactive_items": 48},
        ),
        (
            "2014年度累计主动公开政府信息21条，依申请公开0件，网上公开了21件。",
            {"s.proactive_items": 21, "s.requests_received": 0},
        ),
        ("2014年，收到网络依申请公开1件，按规定受理答复。", {"s.requests_received": 1}),
        (
            "全年主动公开政府信息153条，办理依申请公开件2件。",
            {"s.proactive_items": 153, "s.requests_processed": 2},
        ),
        # … and set 12
        (
            "本年度受理依申请政府信息公开事项25件，其中20件为申请公开招生录取相关信息。",
            {"s.requests_received": 25},
        ),
        ("2014年全年公开401条信息，其中教育相关信息11条。", {"s.proactive_items": 401}),
        ("2014年度市自然资源局接收到申请书55份。", {"s.requests_received": 55}),
        ("2014年，未产生针对我局政府信息公开的行政复议与行政诉讼。", {"s.reviews": 0, "s.lawsuits": 0}),
        # … and set 13
        ("2014年，无政府信息公开申请事项。", {"s.requests_received": 0}),
        # … and set 15
        ("2014年，全年共公开信息253条。", {"s.proactive_items": 253}),
        # a part of an approximate total is no total (其中 before the colon that ends its clause) …
        ("一年来，我局向社会公开各类政府信息732余条次，其中：通过政府网站公开各类政府信息635条。", {}),
        # … but the year's part of a cumulative whole is the year's figure
        (
            "本局到2014年底累计主动公开政府信息80条，其中：本年度新增的主动公开政府信息39条。",
            {"s.proactive_items": 39},
        ),
        # … and set 16
        (
            "2014年，我局全年共计办理依申请公开政府信息18件，全部在规定时限内办结。",
            {"s.requests_processed": 18},
        ),
        ("2014年，我局办理依申请政府信息公开5件，其中当面申请3件。", {"s.requests_processed": 5}),
        # … and set 17
        (
            "2014年，依申请同意公开14件、部分公开1件，不予处理1件。",
            {"s.granted": 14, "s.partial": 1, "s.not_processed": 1},
        ),
        ("2014年全年通过门户网站、微信公众号等平台公开发布信息2249条。", {"s.proactive_items": 2249}),
        # … and set 18
        ("2014年，收到处理依申请公开件4件。", {"s.requests_received": 4}),
        ("2014年，本街道共收到12件信息依申请公开，其中10件已经按时答复。", {"s.requests_received": 12}),
        # one channel's requests beside another's are no total …
        ("2014年度通过政府门户网站共办理并答复信息公开申请3件、纸质申请36件。", {}),
        # … but a breakdown after the total leaves the total (and, being by channel, all answered)
        (
            "2014年全年共收到政府信息公开申请2件，其中网络申请2件，全部按时办结。",
            {"s.requests_received": 2, "s.requests_processed": 2},
        ),
        # … and set 19
        (
            "2014年因政府信息公开问题被申请行政复议有3件。行政诉讼有1件，目前正在法院审理中。",
            {"s.reviews": 3, "s.lawsuits": 1},
        ),
        # disclosed on request is counted in items (条), not requests
        ("2014年，我局主动公开政府信息297条，依申请公开1条。", {"s.proactive_items": 297}),
        # the sentence names several channels, a website among them, before its total
        (
            "以本部门网站为主阵地，拓展微信、报刊、广播等渠道，全年共主动公开政府信息2900条。全年在网站主动公开信息1800条。",
            {"s.proactive_items": 2900},
        ),
        # requests carried over from the year before are not the year's new requests (spec/metrics.md)
        ("2014年，共收到政府信息公开申请41件(含上年度结转3件)。", {}),
        ("2014年，承办上年结转政府信息公开申请1件。", {}),
        ("2014年度，接收且办理公民提出的政府信息公开申请124宗(含2013年度结转5宗)。", {}),
        # a list of new-media channels is one channel beside the website's count
        (
            "通过区政府门户网站主动公开政府信息7191条。通过微信公众号、微博、抖音等政务新媒体平台主动公开政府信息5455条。",
            {},
        ),
        ("全年通过门户网站公开政府信息281条，其中规范性文件3件；政务新媒体发布信息600余篇。", {}),
        # none since the work began is none in the year too; none in another year says nothing
        ("我局开展政府信息公开工作以来，未收取任何费用。", {"s.fees_yuan": 0}),
        ("2013年未收到政府信息公开申请。", {}),
        # not the subject: WeChat posts are not proactive disclosure items
        ("益阳教育微信平台发布各类信息799条,关注人数达21万余人。", {}),
        # cumulative figures are never the year's figures
        ("截至目前累计主动公开政府信息12000条。", {}),
        ("历年累计受理政府信息公开申请56件。", {}),
        # another year's figure
        ("2013年受理政府信息公开申请5件。", {}),
        # approximations are not exact values
        ("全年受理政府信息公开申请十余件。", {}),
        ("全年受理政府信息公开申请约30件。", {}),
        # no request at all, said of the requests as a matter
        ("2014年，卫生健康局无依申请公开事项。", {"s.requests_received": 0}),
        ("2014年，我局办理依申请公开事项2件。", {"s.requests_processed": 2}),
        # one count of reviews and lawsuits together: only its zero speaks for each
        (
            "全年发生因政府信息公开而被申请行政复议、提起行政诉讼的案件0件。",
            {"s.reviews": 0, "s.lawsuits": 0},
        ),
        ("全年发生因政府信息公开而被申请行政复议、提起行政诉讼的案件3件。", {}),
        # held-out sets 46-53 (phrasings, not copied text): requests as 案件 / 来件, who applied
        (
            "2014年共收到依申请案件2件，涉及2人，均按时按程序完成答复。",
            {"s.requests_received": 2, "s.requests_processed": 2},
        ),
        ("2014年共收到公民申请政府信息公开3件。", {"s.requests_received": 3}),
        (
            "2014年，我镇共受理政府信息公开申请案件5件，办结4件。",
            {"s.requests_received": 5, "s.requests_processed": 4},
        ),
        ("全年受理依申请公开来件12件。", {"s.requests_received": 12}),
        # the 2019 format's rows written out, the processed count after a semicolon
        (
            "2014年度新收政府信息公开申请120件、上年度结转10件；年度办结118件、结转下一年度12件。",
            {"s.requests_received": 120, "s.requests_processed": 118},
        ),
        ("上年度办结5件。", {}),
        ("2014年度我乡无依法申请公开件。", {"s.requests_received": 0}),
        # fees: none charged, said otherwise
        ("2014年，我局所有的公开政府信息，一律实行免费服务。", {"s.fees_yuan": 0}),
        ("2014年，没有向政府信息公开申请人收费的情况。", {"s.fees_yuan": 0}),
        ("2014年，未向申请人公开收费标准。", {}),
        # 复议案 / 诉讼案; received and handled in one verb
        (
            "2014年度发生针对本部门政府信息公开事务的行政复议案0件；发生针对本部门政府信息公开事务的行政诉讼案1件。",
            {"s.reviews": 0, "s.lawsuits": 1},
        ),
        (
            "本年度共收到并妥善处理依申请公开信息13件。",
            {"s.requests_received": 13, "s.requests_processed": 13},
        ),
        # the answered count past a clause on whom the requests concerned
        (
            "2014年，全县共收到公开政府信息申请10件，涉及政府办、民政局等4个部门和单位，已答复10件。",
            {"s.requests_received": 10, "s.requests_processed": 10},
        ),
        # the year's new requests inside a total with carried-over ones; those handled are not processed
        (
            "今年以来，全区累计处理政府信息依申请公开92件，其中，本年度新接收91件，2013年结转办理1件。",
            {"s.requests_received": 91},
        ),
        (
            "2014年度，累计办理公民、法人或其他组织通过门户网站、邮寄等途径依申请公开信息合计12件。",
            {"s.requests_processed": 12},
        ),
        (
            "2014年全年共收到并按时办结16件政府信息公开申请。",
            {"s.requests_received": 16, "s.requests_processed": 16},
        ),
        ("2014年行政复议、行政诉讼共0项。", {"s.reviews": 0, "s.lawsuits": 0}),
        # 截至年底 with no year: the report's own year-end, as 截至12月31日
        ("2014年，截至年底，街道办事处主动公开政府信息共140条。", {"s.proactive_items": 140}),
        ("2014年，涉及信息公开行政复议1项。", {"s.reviews": 1}),
        # the requests of the year, their outcomes listed after
        (
            "2014年，我苏木依申请公开政府信息共4件，其中，予以公开2件。",
            {"s.requests_received": 4, "s.granted": 2},
        ),
        ("2014年，依申请公开政府信息共4件。", {}),
        # documents counted by their disclosure attribute are no requests and no outcomes
        ("2014年，市城市管理局主动公开36件、依申请公开436件、不予公开43件，互联网公开36件。", {}),
        (
            "2014年共收到申请10件，同意公开5件、部分公开2件、不予公开1件。",
            {"s.requests_received": 10, "s.granted": 5, "s.partial": 2, "s.denied": 1},
        ),
        # 截至12月31日 with its 月 lost: the year's figure
        ("2014年，截至1231日，主动公开政府信息49条。", {"s.proactive_items": 49}),
    ],
)
def test_prose_values(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a heading on reviews and lawsuits answered in one word
        (
            "5、因政府信息公开申请行政复议、提起行政诉讼的情况。无。\n6、存在的主要问题及改进情况。无。",
            {"s.reviews": 0, "s.lawsuits": 0},
        ),
        ("五、行政复议和行政诉讼情况\n无", {"s.reviews": 0, "s.lawsuits": 0}),
        # … not another heading's 无, nor a heading followed by its text
        ("六、存在的主要问题及改进情况。无。", {}),
        ("五、行政复议和行政诉讼情况\n本年度发生行政复议1件。", {"s.reviews": 1}),
    ],
)
def test_a_heading_answered_none(text, expected):
    assert values(text) == expected


def test_approximation_is_warned():
    found, warnings = extract_prose_values("全年受理政府信息公开申请约30件。", 2014)
    assert not found
    assert any("约数" in w for w in warnings)


def test_evidence_span_points_at_the_statement():
    text = "前言。2014年，我局未接到依申请公开政府信息事项。其他。"
    (value,), _ = extract_prose_values(text, 2014)
    assert text[value.start : value.end] == "未接到依申请公开政府信息事项"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # granted and partial stated together are neither
        ("予以公开及部分公开42件,不予公开5件。", {"s.denied": 5}),
        ("同意公开和同意部分公开答复12件。", {}),
        ("同意部分公开3件。", {"s.partial": 3}),
        # a zero about corrections says nothing about how many reviews there were
        ("全年未发生因依申请公开被行政复议纠错或\n行政诉讼败诉情形。", {}),
        ("未发生行政复议和行政诉讼案件被纠错的情况。", {}),
        ("未发生因政府信息公开提起的行政复议和行政诉讼。", {"s.reviews": 0, "s.lawsuits": 0}),
        # a zero of one fault's reviews is not a zero of reviews
        ("未出现因受理不及时、回复不准确引起的行政复议、行政诉讼情况。", {}),
        ("未发生因政府信息公开申请引发的行政复议和行政诉讼。", {"s.reviews": 0, "s.lawsuits": 0}),
        # cumulative as of a date stays off, after the year too
        ("2014年，截至年底累计主动公开政府信息5000条。", {}),
        ("2014年，历年累计主动公开政府信息5000条。", {}),
    ],
)
def test_prose_precision_cases(text, expected):
    assert values(text) == expected


PDF_LIKE = (
    "2024年,区政府办代表区政府受理政府信息公开申请十七件,均按期答复。为提升办理质量,区政府\n"
    "办公室健全了工作机制,持续规范答复文书格式,并定期组织全区各部门开展培训学习交流,区政府\n"
    "信息公开申请17件已全部办结。\n"
) * 8


def test_soft_wrapped_lines_are_joined_and_spans_still_point_into_the_text():
    from etl.prose import soft_wraps

    text = "一、总体情况\n" + PDF_LIKE.replace("区政府\n信息公开申请17件", "区政府受理政府\n信息公开申请17件")
    assert soft_wraps(text)
    found, _ = extract_prose_values(text, 2024)
    received, processed = found  # ('…十七件，均按期答复': every request answered)
    assert (received.key, received.value, processed.key, processed.value) == (
        "s.requests_received",
        17,
        "s.requests_processed",
        17,
    )
    assert text[received.start : received.end] == "受理政府信息公开申请十七件"
    assert text[processed.start : processed.end] == "受理政府信息公开申请十七件,均按期答复"


def test_short_lines_are_not_wrapped():
    from etl.prose import soft_wraps

    assert not soft_wraps("一、概述\n短句。\n" * 30)


# A one-page PDF's text: too few lines for the widths' statistics, its full lines still wrap sentences.
_SHORT_PDF = (
    "本报告由福建省人民政府办公厅汇总全省各部门、各下级人民政府的政府信息公开工作年度\n"
    "报告编制而成。\n"
    "2018年,福建省人民政府认真贯彻落实《条例》,不断健全工作机制,政府信息公开工\n"
    "作有序推进。\n"
    "三、依申请公开政府信息和不予公开政府信息情况\n"
    "全年共受理依申请公开申请2811件。\n"
    "按期答复的申请中,同意公开答复1200件,同意部分公开答复1367件,不同意公开\n"
    "答复8件。\n"
)


def test_a_short_wrapped_text_joins_its_full_lines_only():
    from etl.prose import soft_wraps

    joined = {_SHORT_PDF[:b].rsplit("\n", 1)[-1][-4:] for b in soft_wraps(_SHORT_PDF)}
    assert joined == {"工作年度", "息公开工", "同意公开"}
    assert values(_SHORT_PDF, 2018)["s.denied"] == 8
    # a short table's rows reach the widest line too, but end in a cell, not inside words
    rows = "| 申请数量 | 12 | 3 | 4 | 5 | 6 |\n" * 4 + "| 合计 | 1 | 2 |\n"
    assert not soft_wraps(rows)


# --- prose against the corpus gold -------------------------------------------------------------


def _gold_summary(gold_values: dict) -> dict:
    """s.* values the gold states, or implies through its table cells (metrics.md §3)."""
    from etl.parse import table_summary

    cells = {
        k: v for k, v in gold_values.items() if k.startswith(("t2", "t3", "t4")) and not isinstance(v, str)
    }
    return {**table_summary(cells), **{k: v for k, v in gold_values.items() if k.startswith("s.")}}


@requires_gold
def test_prose_and_appendix_values_never_disagree_with_gold(record_property):
    """Precision 100% on the corpus reports with gold; recall on the s.* keys the gold states."""
    import json

    from etl.parse import parse_bytes
    from tests.conftest import CORPUS_FILES, GOLD

    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    checked, wrong, stated, found = 0, [], 0, 0
    for name, entry in sorted(gold.items()):
        (report,) = parse_bytes((CORPUS_FILES / name).read_bytes(), name)
        expected = _gold_summary(entry["values"])
        ours = {k: v for k, v in report.values.items() if k.startswith("s.")}
        for key, value in ours.items():
            if key in expected and expected[key] is not None:
                checked += 1
                if value != expected[key]:
                    wrong.append(
                        f"{name}: {key} = {value} ({report.evidence[key].text!r}), gold {expected[key]}"
                    )
        explicit = {k: v for k, v in entry["values"].items() if k.startswith("s.")}
        stated += len(explicit)
        found += sum(1 for k, v in explicit.items() if ours.get(k) == v)
    for line in wrong:
        print("DISAGREES", line)
    record_property(
        "prose_precision", f"{(checked - len(wrong)) / checked:.3f} ({checked - len(wrong)}/{checked})"
    )
    record_property("prose_recall_on_gold_s_keys", f"{found / stated:.3f} ({found}/{stated})")
    assert checked >= 15
    assert not wrong
    assert found == stated


# --- the year's figure next to cumulative, "as of" and other-year figures (issue 12) -------------


@pytest.mark.parametrize(
    ("year", "text", "expected"),
    [
        # a cumulative clause after the year's figure does not hide it
        (
            2011,
            "2011年以来我局主动公开政府信息293条，历年累计主动公开政府信息461条。",
            {"s.proactive_items": 293},
        ),
        (
            2010,
            "2010年，我局主动公开政府信息577条，截至2010年底累计主动公开政府信息6424条。",
            {"s.proactive_items": 577},
        ),
        (
            2016,
            "2016年我局共主动公开政府信息40条，历年累计主动公开政府信息759条。",
            {"s.proactive_items": 40},
        ),
        (2012, "2012年，我局共发布主动公开政府信息244条，累计729条。", {"s.proactive_items": 244}),
        (
            2018,
            "2018年度，我局新增主动公开信息82条，历年累计主动公开政府信息1971条。",
            {"s.proactive_items": 82},
        ),
        (2015, "2015年度本机关共主动公开信息372条，历年累计达3391条。", {"s.proactive_items": 372}),
        # … nor before it, once a clause names the year again
        (
            2011,
            "累计主动公开政府信息1023件， 2011年主动公开政府信息300条，全文电子化率达100%。",
            {"s.proactive_items": 300},
        ),
        (
            2016,
            "目前我局累计主动公开政府信息2340件，2016年主动公开政府信息192条。",
            {"s.proactive_items": 192},
        ),
        (
            2010,
            "本局到2010年底累计主动公开政府信息109条，全文电子化率达100%，其中：本年度新增的主动公开政府信息35条，占总信息的30％。",
            {"s.proactive_items": 35},
        ),
        (
            2015,
            "截止至2015年12月31日，我局2015年度主动公开政府信息30条，历年累计主动公开政府信息的数量为233条。",
            {"s.proactive_items": 30},
        ),
        # 累计 of the year itself
        (2010, "本局本年度累计主动公开政府信息70条，全文电子化率达100%。", {"s.proactive_items": 70}),
        (2025, "全年累计主动公开政府信息70条，其中：机构概况1条。", {"s.proactive_items": 70}),
        (2014, "今年以来，我局主动公开政府信息120条。", {"s.proactive_items": 120}),
        (
            2012,
            "2012年1月至12月共主动公开政府信息104条，历年累计主动公开政府信息717条。",
            {"s.proactive_items": 104},
        ),
        # never the cumulative, "as of" or since-an-earlier-year figure
        (2011, "历年累计主动公开政府信息461条，全文电子化主动公开信息461条。", {}),
        # (but the report year's last day, with no 累计, is the year's figure: 莆田 城管执法局 2009, whose
        # appendix gives 77 for 2009, and whose 2010 report's 累计 285 = 149 + 77 + 59)
        (2009, "截至2009年12月31日，我局共主动公开政府信息77条。", {"s.proactive_items": 77}),
        (2020, "截至12月31日止，我局主动公开政府信息共161条。", {"s.proactive_items": 161}),
        (2010, "截至2010年12月31日，我局累计共主动公开政府信息285条。", {}),
        (2011, "截至2010年12月31日，我局共主动公开政府信息285条。", {}),
        (2014, "至2014年底，本局主动公开政府信息共47条，全文电子化达100%。", {}),
        (2011, "2008年以来我局主动公开政府信息293条。", {}),
        # (but 累计 after the year named plainly is the year's total: '2018年，我局累计主动公开…82条')
        (2018, "2018年，我局累计主动公开政府信息82条，移交档案馆、图书馆82条。", {"s.proactive_items": 82}),
        (2018, "截至2018年底，我局累计主动公开政府信息820条。", {}),
        (2018, "2015年，我局累计主动公开政府信息82条。", {}),
        (2008, "政府信息梳理及公开时间从2006年9月份开始，共主动公开政府信息149条。", {}),
        (2014, "截至2014年底，共受理政府信息公开申请20件。", {}),
        # another year's figure, also in the clauses that follow it
        (2011, "2010年，我局主动公开政府信息577条。", {}),
        (2011, "2010年，我局主动公开政府信息577条，受理政府信息公开申请3件。", {}),
        (2014, "2014年受理政府信息公开申请5件，历年累计受理20件。", {"s.requests_received": 5}),
        # other phrasings of the count
        (
            2010,
            "我局主动公开政府信息的数量共有90条，包括局机关下属工作部门应主动公开的政府信息。",
            {"s.proactive_items": 90},
        ),
        (
            2011,
            "在政府信息公开专栏，共更新发布39条信息（常态信息不计入当年度新信息）。",
            {"s.proactive_items": 39},
        ),
        (2015, "2015年，根据政府信息公开要点，共更新发布27条政府信息。", {"s.proactive_items": 27}),
        (2018, "2018年度我局政府信息主动公开数量85件，政策解读1篇。", {"s.proactive_items": 85}),
        (
            2018,
            "2018年度，我局共主动公开发布政府信息85条，历年主动公开的政府信息累计381条。",
            {"s.proactive_items": 85},
        ),
        (
            2019,
            "2019年，我局主动公开政府信息87件，向市图书馆、市档案馆报送政府公开信息87份。",
            {"s.proactive_items": 87},
        ),
        # not the count: a category of a breakdown, copies sent to the archives, an approximation
        (2016, "人事任免等其他应主动公开信息2条。", {}),
        (2019, "向各级档案馆、图书馆等送交主动公开政府信息10854件，其中：市本级3340件。", {}),
        (2008, "我局2008年度共主动公开政府信息40余条。", {}),
        (2011, "局门户网站共发布信息126条。", {}),
        # the websites named as the main channel: the count that follows is the total, even with a
        # social-media account's own count beside it
        (
            2024,
            "以“中国大连”政府门户网站与“大连市医疗保障局”机关门户网站为主要公开途径，本年度主动公开信息319件；"
            "通过微信公众号进行政策宣传，本年度发布原创文章超过230条。",
            {"s.proactive_items": 319},
        ),
        # a main channel named, but the count names its own other channel: still that channel's share
        (
            2024,
            "以政府门户网站为主要公开平台，通过微信公众号主动发布信息236条；门户网站主动公开信息611条。",
            {"s.proactive_items": 611},
        ),
        # outcomes written with quotes; 不同意公开 is no grant
        (
            2009,
            "已答复421件，其中，“同意公开”的为277件、“同意部分公开”的为6件、“其他答复”的为121件，“不予公开”的为17件。",
            {"s.granted": 277, "s.partial": 6, "s.denied": 17},
        ),
        (2014, "不同意公开3件。", {"s.denied": 3}),
        (2017, "同意公开241件、占43.6%；同意部分公开13件、占2.4%。", {"s.granted": 241, "s.partial": 13}),
        # the year's total, then each channel's: a channel named in brackets holding a colon is still
        # the clause's channel
        (
            2017,
            "2017年，主动公开政府信息累计204条，通过政府网站公开信息数163 条，"
            "政务微信订阅号“印象理合务”(微信号:lhwz4822006)公开政府信息23条，村务公开栏公开信息18条。",
            {"s.proactive_items": 204},
        ),
        (
            2010,
            "我乡在2010年度共计制作、获取政府信息总数148条，其中主动公开信息有103条。",
            {"s.proactive_items": 103},
        ),
        # 截至目前 in a sentence that opened with the year: the year's; alone, or with 累计, it is not
        (
            2024,
            "2024年，池州高新区紧紧围绕园区经济发展，紧抓重点领域信息发布，截至目前，主动公开政府信息60条。",
            {"s.proactive_items": 60},
        ),
        (2024, "2024年，我局推进公开。截至目前，主动公开政府信息60条。", {}),
        (2024, "2024年，截至目前，累计主动公开政府信息600条。", {}),
        (2024, "2024年，截至目前累计主动公开政府信息600条。", {}),
        # outcomes as '…的有N件'; all answered 'according to the rules'; a fee not produced; new items
        (
            2021,
            "共收到申请0件,已经办理了0件,其中同意公开的有0件,同意部分公开的有0件, 不予公开的有0件。",
            {
                "s.requests_received": 0,
                "s.requests_processed": 0,
                "s.granted": 0,
                "s.partial": 0,
                "s.denied": 0,
            },
        ),
        (
            2018,
            "2018年,衢州市邮政管理局收到信息公开申请1条,已根据政府信息公开有关规定答复办结。",
            {"s.requests_received": 1, "s.requests_processed": 1},
        ),
        (2018, "2018年,我局未因政府信息公开产生收费及减免情况。", {"s.fees_yuan": 0}),
        (
            2021,
            "2021年我局主动公开新增信息145条(其中,网站公开145条,政府公报0条)。",
            {"s.proactive_items": 145},
        ),
        # all answered, said in the next sentence of the same paragraph with no count of its own
        (
            2025,
            "2025年,收到政府信息公开申请1件。涉及“我市林木面积”等相关信息,已在法定时限内予以答复。",
            {"s.requests_received": 1, "s.requests_processed": 1},
        ),
        (2025, "2025年,收到政府信息公开申请3件。其中2件已在法定时限内予以答复。", {"s.requests_received": 3}),
        (2025, "2025年,收到政府信息公开申请3件。\n已在法定时限内予以答复。", {"s.requests_received": 3}),
        (2025, "2025年,收到政府信息公开申请3件。1件正在办理，已答复。", {"s.requests_received": 3}),
        # whose information, or a long list of kinds, before the count
        (
            2019,
            "2019年,通过省政府门户网站等渠道主动公开省政府及省政府办公厅政府信息759件,其中,发布省政府规章11部。",
            {"s.proactive_items": 759},
        ),
        (
            2020,
            "2020年,主动公开疫情防控数据、财政数据、环境保护、食品药品安全、应急管理、公益事业建设、"
            "重大项目建设、交易监管等政府信息7074条。",
            {"s.proactive_items": 7074},
        ),
        (
            2020,
            "全年通过政府网站、微信公众号等平台,依法、及时向社会公开政务要闻、政府文件、重大决策、"
            "便民服务等政府信息共计4891条。",
            {"s.proactive_items": 4891},
        ),
        # … but never requests on demand counted with them
        (2019, "2019年主动公开和依申请公开政府信息120条。", {}),
        # received and answered in one verb
        (
            2021,
            "依申请公开方面:2021年,共受理答复依申请公开政府信息信件0件。",
            {"s.requests_received": 0, "s.requests_processed": 0},
        ),
        (
            2025,
            "2025年,共收到政府信息公开申请24件,其中:线下申请15件。规范办理答复完成24件,因不服答复引起行政复议3件。",
            {"s.requests_received": 24, "s.requests_processed": 24, "s.reviews": 3},
        ),
        # no fees, in two more wordings
        (2008, "2008年度我镇政府信息公开工作没有发生相关收费和减免情况。", {"s.fees_yuan": 0}),
        (2024, "严格执行《政府信息公开信息处理费管理办法》,2024年无收取费用的案件。", {"s.fees_yuan": 0}),
        # parts listed after 其中 past commas, their whole in the sentence before: none is the total
        (
            2021,
            "2021年,街道及时主动公开政策文件、机构职能等方面内容共计2575条。其中通过区政府门户网站"
            "大石街道子站点主动公开政府信息142条,通过政务公开专区主动公开政府信息5条。",
            {},
        ),
        (2021, "全年共制作政府信息236条。其中主动公开信息158条。", {"s.proactive_items": 158}),
        # a cumulative whole with the year's new part: the part
        (
            2020,
            "2020年累计主动公开政府信息275条,全文电子化率达100%,其中,本年度新增的主动公开政府信息32条。",
            {"s.proactive_items": 32},
        ),
        # all answered, in more wordings
        (
            2025,
            "2025年,城乡工作办事处收到公民提出的政府信息公开申请2份,均已正式答复。",
            {"s.requests_received": 2, "s.requests_processed": 2},
        ),
        (
            2025,
            "网上申请、信件邮寄等形式的依申请公开件共12件,均依法依规按时办结。",
            {"s.requests_received": 12, "s.requests_processed": 12},
        ),
        # more wordings of 2008-2013 prose: received, granted, received and handled, no fees
        (
            2009,
            "2009年,我厅共收到依申请公开政府信息事项10件,全部受理,按正常程序已经提供公开的信息6件,延期答复2件。",
            {"s.requests_received": 10, "s.granted": 6},
        ),
        (2010, "收到群众提出的公开申请2件,并依申请进行了及时公开。", {"s.requests_received": 2}),
        (
            2020,
            "2020年,我局收到并处理信息公开申请信件3件。",
            {"s.requests_received": 3, "s.requests_processed": 3},
        ),
        (2010, "2010年,我局没有产生对公民、法人和其他组织的收费情况。", {"s.fees_yuan": 0}),
        (2009, "在政府信息公开中,我局未收过任何费用。", {"s.fees_yuan": 0}),
        (2020, "全年未收到申请，也未收到相关费用。", {"s.requests_received": 0}),
        # 无 with no verb before a review or lawsuit; a request concluded as 办理完成
        (2018, "本年度无针对政府信息公开事务的行政诉讼。", {"s.lawsuits": 0}),
        (2024, "因政府信息公开无行政复议和行政诉讼。", {"s.reviews": 0, "s.lawsuits": 0}),
        (2024, "对答复不服的，无需先申请行政复议。", {}),
        (
            2024,
            "2024年,我局共收到依申请公开件2件,上年度结转办理件0件,共办理完成2件,结转到2025年办理0件。",
            {"s.requests_received": 2, "s.requests_processed": 2},
        ),
        # requests handled are processed, not received; documents counted in 份
        (2023, "2023年共办理政府信息依申请公开70件，全部依法依规按程序办结。", {"s.requests_processed": 70}),
        (
            2015,
            "全年共制作、获取政府信息(文件)1826份,其中主动公开313份,依申请公开383份,不予公开1130份。",
            {"s.proactive_items": 313},
        ),
        # all answered: 其中 listing the channels is no exception; a request carried over is one, a
        # review still in hand is not
        (
            2018,
            "2018年度我镇共收到4件信息公开申请,其中网络申请2件,信函申请2件,均已及时受理并已按时办结。",
            {"s.requests_received": 4, "s.requests_processed": 4},
        ),
        (
            2020,
            "2020年,共收到政府信息公开申请45件,全部依法依规予以答复。其中,予以公开19件,部分公开3件,"
            "结转下年度继续办理1件。",
            {"s.requests_received": 45, "s.granted": 19, "s.partial": 3},
        ),
        (
            2021,
            "受理公民提出的政府信息公开申请5件,均在法定时限内予以答复。信息公开类行政复议1起,正在办理中。",
            {"s.requests_received": 5, "s.requests_processed": 5, "s.reviews": 1},
        ),
        # sets 40-41: more wordings
        (
            2017,
            "2017年,我局接到12项依申请公开政府信息申请,我局均在规定的时限内依法作出答复。",
            {"s.requests_received": 12, "s.requests_processed": 12},
        ),
        (
            2021,
            "2021年,我局收到政府信息依申请公开办理事项1件,已在规定时间内办结答复。",
            {"s.requests_received": 1, "s.requests_processed": 1},
        ),
        (
            2024,
            "2024年度我局收到政府信息公开申请总数0条,对申请的答复总数0条。",
            {"s.requests_received": 0, "s.requests_processed": 0},
        ),
        (
            2020,
            "本年度我局没有发生政府信息依申请情况,也未发生政府信息依申请行政复议案和政府信息依申请被提起行政诉讼案。",
            {"s.requests_received": 0, "s.reviews": 0, "s.lawsuits": 0},
        ),
        (
            2017,
            "我局2017年度共受理有关政府信息公开工作的行政复议、行政诉讼和申诉案件0件。",
            {"s.reviews": 0, "s.lawsuits": 0},
        ),
        (2018, "今年来主动公开的信息数共有164条,其中:工作动态类信息122条。", {"s.proactive_items": 164}),
        (2018, "2018年,我办行政复议为5件。", {"s.reviews": 5}),
        # set 43
        (2013, "2013年度不存在政府信息公开的收费及减免情况。", {"s.fees_yuan": 0}),
        (
            2020,
            "2020年海珠区政务服务数据管理局收到并答复政府信息公开申请2宗。",
            {"s.requests_received": 2, "s.requests_processed": 2},
        ),
        # lawsuits named before reviews
        (
            2025,
            "2025年，未发生针对本部门有关政府信息公开事务的行政诉讼案、行政复议案和有关申诉案。",
            {"s.reviews": 0, "s.lawsuits": 0},
        ),
    ],
)
def test_year_figure_next_to_other_figures(year, text, expected):
    assert values(text, year) == expected


@pytest.mark.parametrize(
    ("year", "text", "expected"),
    [
        # a site export puts numbers, units and words on lines of their own
        (
            2012,
            "二、主动公开政府信息的情况\n我局\n2012\n年度共主动公开政府信息\n26\n条。",
            {"s.proactive_items": 26},
        ),
        (
            2015,
            "(一)本机关主动公开政府信息的数量\n201\n5\n年主动公开政府信息\n52条\n。",
            {"s.proactive_items": 52},
        ),
        (
            2012,
            "2012\n年\n1\n月至\n12\n月共主动公开政府信息\n104\n条，历年累计主动公开政府信息\n717\n条。",
            {"s.proactive_items": 104},
        ),
        (
            2009,
            "(一)主动公开情况。\n主动公开政府信息\n187条，\n其中\n机构职能类\n18条，占10%",
            {"s.proactive_items": 187},
        ),
        # table cells on consecutive lines are never joined into one number
        (2012, "主动公开政府信息\n250\n1088\n条", {}),
        # a count wrapped at the end of a PDF line, inside its sentence
        (
            2012,
            "按期答复的申请中，同意公开答复248件，不同意公开答复3\n3件。",
            {"s.granted": 248, "s.denied": 33},
        ),
        (2012, "全年共受理依申请公开申请3\n72件。", {"s.requests_received": 372}),
        # …but not a table row's last cell and the next row's first
        (2012, "不同意公开答复 3\n3件", {}),
        # a page's paragraph break between a count and its unit
        (
            2019,
            "(一)主动公开情况。2019年共主动公开政府信息640\n\n条，点击量超过12万人次。",
            {"s.proactive_items": 640},
        ),
        # …not between a table's last cell and a line of its own
        (2019, "主动公开政府信息 640\n\n条例实施情况", {}),
    ],
)
def test_numbers_split_from_their_words_across_lines(year, text, expected):
    assert values(text, year) == expected


def test_fragment_breaks_keep_cells_apart_but_rejoin_a_split_year():
    from etl.prose import fragment_breaks

    text = "我局\n201\n5\n年主动公开\n52\n条。\n指标\n250\n1088\n一、概述\n二、主动公开"
    joined = [(text[:i].split("\n")[-1], text[i + 1 :].split("\n")[0]) for i in sorted(fragment_breaks(text))]
    assert joined == [
        ("我局", "201"),
        ("201", "5"),
        ("5", "年主动公开"),
        ("年主动公开", "52"),
        ("52", "条。"),
        ("指标", "250"),
    ]


def test_evidence_span_of_a_statement_split_over_lines():
    text = "我局\n2012\n年度共主动公开政府信息\n26\n条。"
    (value,), _ = extract_prose_values(text, 2012)
    assert text[value.start : value.end] == "主动公开政府信息\n26\n条"


def test_requests_including_carried_over_ones_are_a_warning_not_a_value():
    found, warnings = extract_prose_values("2014年，共收到政府信息公开申请41件(含上年度结转3件)。", 2014)
    assert found == []
    assert any("含上年结转" in w and "41件" in w for w in warnings)
