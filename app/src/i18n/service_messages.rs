//! The service desk's strings (SPEC §5), in English and Simplified Chinese, side by side.

use super::Locale;

messages! {
    "validation.channel" => "Choose how the customer reached us.", "请选择顾客的联系方式。";
    "validation.department" => "Unknown department.", "未知部门。";
    "validation.datetime" => "Enter a date and time (YYYY-MM-DD HH:MM).", "请输入日期和时间（YYYY-MM-DD HH:MM）。";
    "validation.not_future" => "This time lies in the future.", "该时间晚于当前时间。";
    "validation.too_old" => "More than a year ago: check the date.", "早于一年前，请检查日期。";
    "validation.before_received" => "This is before the customer's inquiry came in.", "早于收到咨询的时间。";
    "inquiry.rule.answered" => "This inquiry has already been answered.", "该咨询已答复。";

    "channel.phone" => "Phone", "电话";
    "channel.letter" => "Letter", "信函";
    "channel.fax" => "Fax", "传真";
    "channel.email" => "E-mail", "电子邮件";
    "channel.website" => "Website", "网站";
    "channel.wechat" => "WeChat", "微信";
    "channel.visit" => "Visit", "来访";

    "dept.sales" => "Sales", "销售部";
    "dept.quality" => "Quality", "质量管理部";
    "dept.lab" => "Laboratory", "化验室";
    "dept.production" => "Production", "生产部";
    "dept.rd" => "R&D", "研发部";
    "dept.logistics" => "Logistics", "物流部";
    "dept.warehouse" => "Warehouse", "仓库";
    "dept.service" => "After-sales service", "售后服务部";
    "dept.management" => "Management", "管理层";

    "sla.on_time" => "On time", "正常";
    "sla.near" => "Near limit", "临近时限";
    "sla.overdue" => "Overdue", "已超时";
    "sla.paused" => "Waiting for customer", "等待顾客";
    "sla.met" => "Met", "按时完成";
    "sla.missed" => "Missed", "超时完成";

    "nav.inquiries" => "Inquiries", "顾客咨询";
    "nav.inquiries.about" => "Questions from customers, answered within one working day", "顾客咨询，一个工作日内答复";
    "inquiry.title" => "Inquiry", "顾客咨询";
    "inquiry.new" => "New inquiry", "登记咨询";
    "inquiry.number" => "No.", "编号";
    "inquiry.customer" => "Customer", "顾客";
    "inquiry.channel" => "Channel", "方式";
    "inquiry.received_at" => "Received", "收到时间";
    "inquiry.received_hint" => "When the customer asked; leave empty for now. A call noted on paper may be entered later.", "顾客提出咨询的时间；留空表示现在。电话记录可事后补登。";
    "inquiry.entered" => "Entered", "登记";
    "inquiry.product" => "Product", "产品";
    "inquiry.product_none" => "— none —", "— 无 —";
    "inquiry.question" => "Question", "咨询内容";
    "inquiry.answer" => "Answer", "答复";
    "inquiry.answered_at" => "Answered", "答复时间";
    "inquiry.answered_hint" => "When the customer was answered; leave empty for now.", "答复顾客的时间；留空表示现在。";
    "inquiry.answered_by" => "Answered by", "答复人";
    "inquiry.consulted" => "Departments consulted", "咨询部门";
    "inquiry.due" => "Answer due", "答复时限";
    "inquiry.sla" => "Time limit", "时限";
    "inquiry.working_time" => "Working time", "工作时间";
    "inquiry.status.open" => "Open", "待答复";
    "inquiry.status.answered" => "Answered", "已答复";
    "inquiry.save" => "Record inquiry", "登记";
    "inquiry.give_answer" => "Record answer", "保存答复";
    "inquiry.all" => "All", "全部";
    "inquiry.none" => "No inquiries match.", "没有符合条件的咨询。";
    "inquiry.saved" => "Inquiry recorded.", "咨询已登记。";
    "inquiry.answered" => "Answer recorded.", "答复已保存。";
    "inquiry.hours" => "{hours} h", "{hours} 小时";
}
