//! Controlled documents, SDS distributions and customer training (SPEC §5, seed §4.2.1), in
//! English and Simplified Chinese, side by side.

messages! {
    "nav.sds" => "SDS distribution", "SDS 发放";
    "nav.trainings" => "Training", "顾客培训";
    "validation.kind" => "Choose a kind.", "请选择类别。";
    "validation.file_type" => "Upload a PDF, PNG or JPEG file.", "请上传 PDF、PNG 或 JPEG 文件。";
    "document.rule.title_taken" => "This product already has a document of this kind and title.", "该产品已有同类同名的文件。";
    "document.rule.revision_taken" => "This revision of the document is already recorded.", "该文件的此版本已登记。";
    "document.rule.unknown_material" => "A training material is not a known document revision.", "培训资料不是已登记的文件版本。";
    "sds.rule.done" => "This step has already been recorded for this customer.", "该顾客的此步骤已登记。";

    "doc.kind.manual" => "Manual", "产品使用说明书";
    "doc.kind.sds" => "Safety data sheet", "安全技术说明书（SDS）";
    "doc.kind.certificate" => "Certificate template", "合格证模板";
    "doc.kind.licence" => "Licence copies", "三证复印件";

    "handover.email" => "E-mail", "电子邮件";
    "handover.letter" => "Letter", "信函";
    "handover.fax" => "Fax", "传真";
    "handover.wechat" => "WeChat", "微信";
    "handover.visit" => "Visit", "拜访";
    "handover.delivery" => "With the goods", "随货";
    "handover.link" => "Customer's link", "顾客链接";

    "doc.documents" => "Documents", "受控文件";
    "doc.title" => "Title", "标题";
    "doc.kind" => "Kind", "类别";
    "doc.revision" => "Revision", "版本";
    "doc.issued_on" => "Issued on", "发布日期";
    "doc.changes" => "What changed", "修订内容";
    "doc.file" => "File", "文件";
    "doc.current" => "In force", "现行版本";
    "doc.none" => "No documents yet.", "暂无文件。";
    "doc.add" => "Add document", "新增文件";
    "doc.add_revision" => "Add revision", "新增版本";
    "doc.held" => "Documents the customer holds", "顾客持有的文件";
    "doc.held_since" => "Held since", "持有自";
    "doc.held_none" => "No documents handed over yet.", "尚未交付任何文件。";
    "doc.up_to_date" => "In force", "现行版本";
    "doc.newer" => "Superseded by revision {revision}: send it", "已被 {revision} 版取代，请发送新版";
    "doc.standing" => "Standing", "状态";
    "doc.with_goods" => "Documents with the goods", "随货文件";
    "doc.unsent_sds" => "New SDS not yet sent to this customer: hand it over with the goods.", "该顾客尚未收到新版 SDS，请随货交付。";

    "sds.distributions" => "SDS distributions", "SDS 发放";
    "sds.distribution" => "SDS distribution", "SDS 发放";
    "sds.recipients" => "Recipients", "接收顾客";
    "sds.last_delivery" => "Last delivery", "最近交货";
    "sds.sent" => "Sent", "已发送";
    "sds.acknowledged" => "Acknowledged", "已确认";
    "sds.window" => "Customers supplied {from} – {to}", "{from} 至 {to} 期间供货的顾客";
    "sds.progress" => "{done} of {total} acknowledged", "已确认 {done}/{total}";
    "sds.mark_sent" => "Record sending", "登记发送";
    "sds.mark_acknowledged" => "Record acknowledgement", "登记确认";
    "sds.status.open" => "Open", "进行中";
    "sds.status.complete" => "Complete", "已完成";
    "sds.none" => "No distributions.", "暂无发放记录。";
    "sds.open_count" => "SDS revisions not yet acknowledged", "SDS 新版未确认";

    "sds.ack.title" => "New safety data sheet", "安全技术说明书新版本";
    "sds.ack.intro" => "{customer}: revision {revision} of the safety data sheet for {product} was issued on {issued_on}. Please read it and confirm that you received it.", "{customer}：{product} 的安全技术说明书第 {revision} 版已于 {issued_on} 发布。请阅读并确认已收到。";
    "sds.ack.download" => "Open the safety data sheet", "查看安全技术说明书";
    "sds.ack.confirm" => "I have received it", "确认已收到";
    "sds.ack.thanks" => "Thank you: your acknowledgement is recorded.", "谢谢，已记录您的确认。";

    "training.trainings" => "Training", "顾客培训";
    "training.held_on" => "Held on", "培训日期";
    "training.topic" => "Topic", "主题";
    "training.trainer" => "Trainer", "培训人";
    "training.attendees" => "Attendees (one per line)", "参加人员（每行一人）";
    "training.materials" => "Materials", "培训资料";
    "training.none" => "No training recorded.", "暂无培训记录。";
    "training.add" => "Record training", "登记培训";

    "nav.feedback" => "Quarterly analysis", "季度分析";
    "feedback.title" => "Quarterly feedback analysis", "顾客反馈季度分析";
    "feedback.rule.future" => "This quarter has not begun yet.", "该季度尚未开始。";
    "feedback.rule.issued" => "This quarter's analysis has already been issued.", "该季度分析已发布。";
    "feedback.rule.acknowledged" => "Your department has already acknowledged this analysis.", "贵部门已确认该分析。";
    "feedback.figure" => "Figure", "指标";
    "feedback.this_quarter" => "This quarter", "本季度";
    "feedback.previous_quarter" => "Previous quarter", "上季度";
    "feedback.total" => "All feedback", "反馈总数";
    "feedback.by_type" => "By type", "按类型";
    "feedback.by_channel" => "By channel", "按渠道";
    "feedback.by_product" => "By product", "按产品";
    "feedback.by_category" => "By category", "按类别";
    "feedback.response" => "First response", "首次响应";
    "feedback.resolution" => "Resolution", "解决";
    "feedback.within_limit" => "Within the limit (%)", "时限内（%）";
    "feedback.repeats" => "Repeat complaints", "重复投诉";
    "feedback.main_issues" => "Main issues", "主要问题";
    "feedback.actions" => "Actions", "措施";
    "feedback.departments" => "Departments", "发送部门";
    "feedback.issue" => "Issue to the departments", "发送至各部门";
    "feedback.acknowledge" => "Acknowledge for my department", "本部门确认";
    "feedback.not_issued" => "Not issued yet: the figures are worked out now.", "尚未发布：以下为实时统计。";
    "feedback.issued" => "Issued by {by} at {at}", "{by} 于 {at} 发布";
    "feedback.quarter" => "Quarter", "季度";
    "feedback.year" => "Year", "年份";
    "feedback.show" => "Show", "查看";
    "feedback.print" => "Print view", "打印视图";
    "feedback.download" => "Excel workbook", "Excel 工作簿";
    "feedback.kind.inquiry" => "Inquiries", "咨询";
    "feedback.kind.complaint" => "Complaints", "投诉";
    "feedback.kind.service_ticket" => "Service tickets", "服务单";
    "feedback.kind.liaison_form" => "Liaison forms", "联络单";
}
