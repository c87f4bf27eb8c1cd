//! Every visible string of the product, in English and Simplified Chinese, side by side.

use super::Locale;

macro_rules! messages {
    ($($key:literal => $en:literal, $zh:literal;)*) => {
        /// All keys, for the completeness tests.
        pub const KEYS: &[&str] = &[$($key),*];

        pub fn lookup(locale: Locale, key: &str) -> Option<&'static str> {
            match locale {
                Locale::En => match key { $($key => Some($en),)* _ => None },
                Locale::Zh => match key { $($key => Some($zh),)* _ => None },
            }
        }
    };
}

messages! {
    "app.name" => "Sales & Service", "销售与售后服务";

    "nav.label" => "Main", "主导航";
    "nav.skip" => "Skip to content", "跳到正文";
    "nav.home" => "Home", "首页";
    "nav.driver" => "My deliveries", "我的送货";
    "nav.driver.about" => "Today's deliveries and customer receipts", "今日送货与客户签收";
    "nav.customers" => "Customers", "客户";
    "nav.customers.about" => "Customer records, qualification checks and hazardous-chemical permits", "客户档案、资格审查与危险化学品经营许可证";
    "nav.products" => "Products", "产品";
    "nav.products.about" => "Products, hazard data and technical indicators", "产品、危险特性与技术指标";
    "nav.prices" => "Price list", "价目表";
    "nav.prices.about" => "List prices and their validity periods", "产品价格及有效期";
    "nav.users" => "Users", "用户";
    "nav.users.about" => "Accounts and roles", "账号与岗位权限";
    "nav.audit" => "Audit trail", "审计日志";
    "nav.audit.about" => "Every change: who, when, before and after", "每一次修改：谁、何时、改前改后";

    "auth.sign_in" => "Sign in", "登录";
    "auth.sign_out" => "Sign out", "退出";
    "auth.username" => "User name", "用户名";
    "auth.password" => "Password", "密码";
    "auth.bad_credentials" => "Wrong user name or password.", "用户名或密码错误。";

    "home.welcome" => "Welcome, {name}", "欢迎，{name}";
    "home.your_roles" => "Your roles", "您的岗位";

    "role.sales" => "Sales", "销售人员";
    "role.sales_manager" => "Sales manager", "销售经理";
    "role.deputy_gm" => "Deputy general manager", "主管副总经理";
    "role.lab" => "Laboratory", "化验室";
    "role.quality" => "Quality management", "质量管理部门";
    "role.warehouse" => "Warehouse keeper", "仓管员";
    "role.logistics" => "Logistics", "物流部";
    "role.driver" => "Driver", "司机";
    "role.service" => "After-sales service", "售后服务";
    "role.executive" => "Top management", "最高管理层";
    "role.admin" => "Administrator", "系统管理员";

    "list.search" => "Search", "搜索";
    "list.filter" => "Filter", "筛选";
    "list.loading" => "Loading…", "加载中…";
    "list.empty" => "Nothing found.", "没有找到记录。";
    "list.first" => "First page", "第一页";
    "list.next" => "Next page", "下一页";
    "list.paging" => "Pages", "分页";

    "form.save" => "Save", "保存";
    "form.saved" => "Saved.", "已保存。";
    "form.back" => "Back to the list", "返回列表";
    "form.remove" => "Remove", "删除";
    "form.fix_errors" => "Please correct the marked fields.", "请更正标出的字段。";

    "customer.new" => "New customer", "新建客户";
    "customer.search_hint" => "Code or name", "编码或名称";
    "customer.identity" => "Customer", "客户信息";
    "customer.code" => "Code", "客户编码";
    "customer.name" => "Name", "客户名称";
    "customer.address" => "Address", "地址";
    "customer.contact_name" => "Contact", "联系人";
    "customer.contact_phone" => "Phone", "联系电话";
    "customer.qualification" => "Qualification check", "经营资格和商业信誉调查";
    "customer.license_no" => "Business licence no.", "营业执照号";
    "customer.credit_rating" => "Credit rating", "信用等级";
    "customer.checked" => "Qualification checked by", "资格审查人";
    "customer.permit" => "Hazardous-chemical permit", "危险化学品经营许可证";
    "customer.permit_no" => "Permit no.", "许可证号";
    "customer.permit_scope" => "Permitted scope", "许可范围";
    "customer.permit_until" => "Valid until", "有效期至";
    "customer.permit_none" => "None", "无";
    "customer.permit_valid" => "Valid", "有效";
    "customer.permit_expired" => "Expired", "已过期";

    "product.new" => "New product", "新建产品";
    "product.search_hint" => "Code or name", "编码或名称";
    "product.identity" => "Product", "产品信息";
    "product.code" => "Code", "产品编码";
    "product.name" => "Name", "产品名称";
    "product.specification" => "Specification", "规格";
    "product.unit" => "Unit", "单位";
    "product.hazardous" => "Hazardous chemical", "危险化学品";
    "product.un_number" => "UN number", "UN 编号";
    "product.hazard_class" => "Hazard class", "危险类别";
    "product.class" => "class", "类";
    "product.indicators" => "Technical indicators", "技术指标";
    "product.indicator_name" => "Indicator", "指标名称";
    "product.indicator_unit" => "Unit", "单位";
    "product.indicator_min" => "Minimum", "下限";
    "product.indicator_max" => "Maximum", "上限";
    "product.indicator_add" => "Add indicator", "添加指标";

    "price.add" => "Add price", "新增价格";
    "price.product" => "Product", "产品";
    "price.unit_price" => "List price", "单价";
    "price.unit_price_yuan" => "List price (CNY)", "单价（元）";
    "price.valid_from" => "Valid from", "生效日期";
    "price.valid_to" => "Valid to", "截止日期";
    "price.open_ended" => "open-ended", "长期有效";
    "price.created_by" => "Entered by", "录入人";

    "user.new" => "New user", "新建用户";
    "user.username" => "User name", "用户名";
    "user.display_name" => "Full name", "姓名";
    "user.password" => "Password", "密码";
    "user.new_password" => "New password (leave empty to keep)", "新密码（留空则不修改）";
    "user.roles" => "Roles", "岗位";
    "user.status" => "Status", "状态";
    "user.active" => "Active", "启用";
    "user.inactive" => "Deactivated", "已停用";

    "status.title" => "Status", "状态";
    "status.active" => "Active", "在用";
    "status.inactive" => "Deactivated", "已停用";
    "status.deactivate" => "Deactivate", "停用";
    "status.reactivate" => "Reactivate", "重新启用";
    "status.reason" => "Reason (kept in the audit trail)", "原因（记入审计日志）";
    "validation.reason_short" => "Give a reason of at least two characters.", "请填写至少两个字的原因。";
    "audit.deactivate" => "deactivated", "停用";
    "audit.reactivate" => "reactivated", "重新启用";

    "audit.at" => "When", "时间";
    "audit.actor" => "Who", "操作人";
    "audit.action" => "Action", "操作";
    "audit.entity" => "Record", "记录";
    "audit.change" => "Before / after", "修改前 / 修改后";
    "audit.show" => "Show", "查看";
    "audit.all" => "All records", "全部记录";
    "audit.create" => "created", "新建";
    "audit.update" => "changed", "修改";
    "audit.close" => "closed", "结束";
    "entity.customer" => "Customer", "客户";
    "entity.product" => "Product", "产品";
    "entity.price" => "Price", "价格";
    "entity.user" => "User", "用户";

    "driver.today" => "Today's deliveries", "今日送货";
    "driver.none" => "No deliveries are assigned to you today.", "今天没有分配给您的送货单。";
    "driver.none_hint" => "Logistics assigns delivery notes to drivers; they appear here.", "物流部分配送货单后会显示在这里。";
    "driver.refresh" => "Refresh", "刷新";

    "error.unauthenticated" => "Please sign in.", "请先登录。";
    "error.forbidden" => "Your roles do not allow this.", "您的岗位无权执行此操作。";
    "error.not_found" => "Not found.", "未找到。";
    "error.too_large" => "The request is too large.", "请求内容过大。";
    "error.rate_limited" => "Too many attempts. Please wait a few minutes and try again.", "尝试次数过多，请稍等几分钟再试。";
    "error.internal" => "Something went wrong on our side. Please try again.", "系统出错，请重试。";
    "error.network" => "The server could not be reached. Please check the connection.", "无法连接服务器，请检查网络。";
    "error.bad_request" => "The request could not be understood.", "请求格式错误。";
    "error.malformed_json" => "The body is not valid JSON: {detail}", "请求内容不是有效的 JSON：{detail}";
    "error.content_type" => "Send JSON with Content-Type: application/json.", "请以 Content-Type: application/json 发送 JSON。";
    "error.field_type" => "Wrong or missing value: {detail}", "字段缺失或类型错误：{detail}";
    "error.origin" => "Cross-site request refused.", "拒绝跨站请求。";
    "error.idempotency_running" => "The first request with this Idempotency-Key is still being processed; retry in a moment.", "使用该 Idempotency-Key 的第一个请求仍在处理中，请稍后重试。";
    "error.idempotency_mismatch" => "This Idempotency-Key was already used with a different request.", "该 Idempotency-Key 已用于另一个不同的请求。";

    "validation.required" => "Required.", "必填。";
    "validation.too_long" => "At most {max} characters.", "最多 {max} 个字符。";
    "validation.code_chars" => "Use letters, digits, '-', '_' or '.' only.", "只能使用字母、数字、“-”、“_”或“.”。";
    "validation.code_taken" => "This code is already in use.", "该编码已被使用。";
    "validation.date" => "Enter a valid date (YYYY-MM-DD).", "请输入有效日期（YYYY-MM-DD）。";
    "validation.phone" => "Enter a telephone number (digits, +, -, spaces).", "请输入电话号码（数字、+、-、空格）。";
    "validation.credit_rating" => "Choose one of AAA, AA, A, B, C.", "请选择 AAA、AA、A、B、C 之一。";
    "validation.permit_number_missing" => "Enter the permit number, or clear the permit fields.", "请填写许可证号，或清空许可证各项。";
    "validation.permit_date_missing" => "Enter the date the permit is valid until.", "请填写许可证有效期。";
    "validation.un_number_required" => "A hazardous product needs its UN number.", "危险化学品必须填写 UN 编号。";
    "validation.un_number" => "A UN number has four digits, e.g. UN1789.", "UN 编号为四位数字，例如 UN1789。";
    "validation.indicator_duplicate" => "Two indicators have this name.", "指标名称重复。";
    "validation.indicator_no_limit" => "Give a minimum, a maximum, or both.", "请填写下限、上限或两者。";
    "validation.min_above_max" => "The maximum is below the minimum.", "上限低于下限。";
    "validation.number" => "Enter a number.", "请输入数字。";
    "validation.positive" => "Must be greater than zero.", "必须大于零。";
    "validation.money" => "Enter an amount like 1234.50.", "请输入金额，例如 1234.50。";
    "validation.period_order" => "The end date is before the start date.", "截止日期早于生效日期。";
    "validation.product_unknown" => "No such product.", "产品不存在。";
    "validation.limit" => "limit must be between 1 and 500.", "limit 必须在 1 到 500 之间。";
    "validation.cursor" => "Invalid cursor.", "无效的分页游标。";
    "validation.username" => "2–32 lower-case letters, digits, '_', '.' or '-'.", "2–32 位小写字母、数字、“_”、“.”或“-”。";
    "validation.username_taken" => "This user name is taken.", "该用户名已存在。";
    "validation.password_short" => "At least {min} characters.", "至少 {min} 个字符。";
    "validation.role_unknown" => "Unknown role.", "未知岗位。";
    "validation.role_required" => "Choose at least one role.", "请至少选择一个岗位。";
    "validation.id" => "Invalid id.", "无效的编号。";


    "order.rule.no_lines" => "An order needs at least one line.", "订单至少需要一行。";
    "order.rule.withdraw_creator" => "Only the order's creator can withdraw it.", "只有订单创建人可以撤回。";
    "order.rule.self_approval" => "Nobody approves their own order (four-eyes rule).", "不能审批自己创建的订单（双人原则）。";
    "order.rule.price_exception_open" => "{count} price exception(s) must be approved by the sales manager first.", "须先由销售经理审批 {count} 项价格例外。";
    "order.rule.cancel_delivered" => "Goods have been delivered on this order; it cannot be cancelled.", "该订单已有发货，不能取消。";
    "order.rule.not_now" => "Not possible while the order is {status}.", "订单处于“{status}”状态，不能执行此操作。";
    "order.rule.amend_only_open" => "Only approved orders are amended; this one is {status}.", "只有已批准的订单才能变更；此订单为“{status}”。";
    "order.rule.permit_expired" => "{customer}'s hazardous-chemical permit {permit} expired on {expiry}: {product} cannot be delivered on {date}.", "{customer} 的危险化学品经营许可证 {permit} 已于 {expiry} 到期：{product} 不能在 {date} 交付。";
    "order.rule.permit_missing" => "{customer} has no hazardous-chemical permit: {product} is a hazardous chemical.", "{customer} 没有危险化学品经营许可证：{product} 属于危险化学品。";
    "order.rule.edit_draft_only" => "Only drafts can be edited; this order is {status}. Request an amendment instead.", "只有草稿可以修改；此订单为“{status}”。请提出合同变更。";
    "order.rule.amendment_pending" => "An amendment of this order is already waiting for approval.", "该订单已有待审批的变更。";
    "order.rule.already_decided" => "This was already decided ({status}).", "此项已处理（{status}）。";
    "order.rule.own_request" => "Nobody decides their own request (four-eyes rule).", "不能审批自己的申请（双人原则）。";
    "order.rule.amend_delivered_lines" => "Lines with deliveries cannot be replaced.", "已发货的订单行不能替换。";
    "validation.quantity" => "Enter a quantity above zero with at most three decimals.", "请输入大于零、最多三位小数的数量。";
    "validation.too_many_lines" => "At most 50 lines per order.", "每张订单最多 50 行。";
    "validation.status" => "Unknown status.", "未知状态。";
    "validation.customer_unknown" => "No such customer.", "客户不存在。";
    "validation.customer_inactive" => "This customer is deactivated.", "该客户已停用。";
    "validation.product_inactive" => "This product is deactivated.", "该产品已停用。";
    "validation.no_list_price" => "No list price is valid on {date} for this product.", "该产品在 {date} 没有有效的价格。";
    "validation.date_past" => "The delivery date is in the past.", "交货日期早于今天。";
    "validation.amendment_empty" => "Change the lines, the delivery date, or both.", "请变更订单行、交货日期或两者。";
    "validation.same_date" => "That is already the delivery date.", "交货日期未改变。";
    "validation.format" => "Use format=json, csv or xlsx.", "format 只能是 json、csv 或 xlsx。";

    "nav.orders" => "Orders", "合同/订单";
    "nav.orders.about" => "The contract/order register: approvals, amendments, delivery dates", "合同/订单登记表：审批、变更、交货日期";
    "nav.approvals" => "Approvals", "放行审批";
    "nav.approvals.about" => "Everything waiting for a decision, and what waits on you", "所有待审批事项及待您处理的事项";
    "nav.ledger" => "Sales ledger", "产品销售台帐";
    "nav.ledger.about" => "Delivered sales by date, customer and product; CSV and Excel export", "按日期、客户、产品的销售台帐；导出 CSV 和 Excel";
    "ledger.delivered_on" => "Date", "日期";
    "ledger.customer" => "Customer", "客户";
    "ledger.product" => "Product", "产品";
    "ledger.batch" => "Batch", "批号";
    "ledger.quantity" => "Quantity", "数量";
    "ledger.unit" => "Unit", "单位";
    "ledger.amount" => "Amount (CNY)", "金额（元）";
    "ledger.sales_rep" => "Sales rep", "销售人员";
    "ledger.order" => "Order", "订单";
    "ledger.delivery_note" => "Delivery note", "送货单";
    "ledger.permit" => "Buyer's permit no.", "购买方许可证号";


    "list.all" => "All", "全部";
    "approvals.mine" => "Waiting on me", "待我审批";
    "approvals.all" => "Everything pending", "全部待审批";
    "approvals.nothing_mine" => "Nothing waits on you.", "没有待您审批的事项。";
    "approvals.nothing" => "Nothing is waiting for approval.", "没有待审批事项。";
    "approvals.kind" => "Kind", "类别";
    "approvals.item" => "Item", "事项";
    "approvals.requested_by" => "Requested by", "申请人";
    "approvals.age" => "Waiting", "已等待";
    "approvals.decide" => "Decision", "审批";
    "approvals.approve" => "Approve", "批准";
    "approvals.reject" => "Reject", "驳回";
    "approvals.confirm_reject" => "Confirm rejection", "确认驳回";
    "approvals.reason" => "Reason", "原因";
    "approvals.hours" => "{n} h", "{n} 小时";
    "approvals.days" => "{n} days", "{n} 天";
    "approvals.kind.order" => "Contract/order", "合同/订单";
    "approvals.kind.amendment" => "Amendment", "合同变更";
    "approvals.kind.price_exception" => "Price exception", "价格例外";
    "order.new" => "New order", "新建订单";
    "order.escalations" => "Readiness escalations: act now (emergency measures or a negotiated date)", "交货准备上报：请立即处理（紧急措施或与客户协商交货日期）";
    "order.run_readiness" => "Run readiness check", "执行交货准备检查";
    "order.readiness_report" => "Checked {checked}: {ready} ready, {at_risk} at risk, {late} late; {escalations} new escalation(s).", "已检查 {checked} 张：{ready} 张就绪，{at_risk} 张有风险，{late} 张逾期；新开 {escalations} 项上报。";
    "order.status" => "Status", "状态";
    "order.customer" => "Customer", "客户";
    "order.sales_rep" => "Sales rep", "销售人员";
    "order.from" => "From", "起始日期";
    "order.to" => "To", "截止日期";
    "order.number" => "Number", "订单号";
    "order.date" => "Order date", "下单日期";
    "order.delivery_date" => "Delivery date", "交货日期";
    "order.readiness" => "Readiness", "交货准备";
    "order.total" => "Total", "金额";
    "order.contract_ref" => "Contract no.", "合同号";
    "order.lines" => "Lines", "订单明细";
    "order.product" => "Product", "产品";
    "order.quantity" => "Quantity", "数量";
    "order.unit_price" => "Unit price", "单价";
    "order.unit_price_yuan" => "Unit price (CNY)", "单价（元）";
    "order.list_price" => "List price", "价目表价";
    "order.amount" => "Amount", "金额";
    "order.delivered" => "Delivered", "已交付";
    "order.add_line" => "Add line", "添加明细";
    "order.price_hint" => "Leave the price empty for the list price. Another price needs the sales manager's approval (price exception).", "单价留空即按价目表价。其他价格须经销售经理审批（价格例外）。";
    "order.no_valid_permit" => "no valid hazardous-chemical permit", "无有效危化品许可证";
    "order.revision" => "Version", "版本";
    "order.approved_by" => "Approved by", "审批人";
    "order.reason" => "Reason", "原因";
    "order.price_exceptions" => "Price exceptions", "价格例外";
    "order.edit_draft" => "Edit draft", "修改草稿";
    "order.amendments" => "Amendments", "合同变更";
    "order.revisions" => "Approved versions", "已批准版本";
    "order.date_changes" => "Delivery-date changes", "交货日期变更";
    "order.agreed_by" => "Agreed by (customer)", "客户确认人";
    "order.agreed_at" => "Agreed on", "确认日期";
    "order.submit" => "Submit for approval", "提交审批";
    "order.withdraw" => "Withdraw", "撤回";
    "order.cancel" => "Cancel order", "取消订单";
    "order.revise" => "Revise as draft", "修改后重新提交";
    "order.request_amendment" => "Request an amendment", "申请合同变更";
    "order.amendment_sent" => "Amendment sent to the sales manager.", "变更申请已提交销售经理。";
    "order.new_delivery_date" => "New delivery date", "新交货日期";
    "order.change_date" => "Record a negotiated delivery date", "登记协商后的交货日期";
    "order.status.draft" => "Draft", "草稿";
    "order.status.submitted" => "Submitted", "待审批";
    "order.status.approved" => "Approved", "已批准";
    "order.status.in_fulfilment" => "In fulfilment", "执行中";
    "order.status.delivered" => "Delivered", "已交付";
    "order.status.closed" => "Closed", "已关闭";
    "order.status.rejected" => "Rejected", "已驳回";
    "order.status.cancelled" => "Cancelled", "已取消";
    "order.readiness.ready" => "Ready", "就绪";
    "order.readiness.at_risk" => "At risk", "有风险";
    "order.readiness.late" => "Late", "逾期";
    "order.readiness.na" => "—", "—";
    "decision.pending" => "Pending", "待审批";
    "decision.approved" => "Approved", "已批准";
    "decision.rejected" => "Rejected", "已驳回";
    "decision.withdrawn" => "Withdrawn", "已撤销";
    "ledger.export_csv" => "Export CSV", "导出 CSV";
    "ledger.export_xlsx" => "Export Excel", "导出 Excel";
    "ledger.empty" => "No deliveries registered yet. Rows appear here when customers confirm receipt.", "尚无交付记录。客户签收后将自动记入台帐。";
    "entity.order" => "Order", "订单";
    "entity.amendment" => "Amendment", "合同变更";
    "entity.price_exception" => "Price exception", "价格例外";
    "audit.submit" => "submitted", "提交";
    "audit.approve" => "approved", "批准";
    "audit.reject" => "rejected", "驳回";
    "audit.withdraw" => "withdrew", "撤回";
    "audit.revise" => "revised", "修改";
    "audit.cancel" => "cancelled", "取消";
    "audit.request" => "requested", "申请";
    "audit.amend" => "amended", "变更";
    "audit.change_date" => "changed the delivery date", "变更交货日期";
    "audit.return_to_draft" => "returned to draft", "退回草稿";

    "conflict.stale" => "Someone else changed this record since you opened it. Reload to see their change, then edit again.", "您打开后此记录已被他人修改。请重新加载查看，再进行编辑。";
    "conflict.price_overlap" => "The period overlaps the existing price from {from} to {to}.", "该期间与已有价格（{from} 至 {to}）重叠。";
    "conflict.self_lockout" => "You cannot deactivate yourself or remove your own administrator role.", "不能停用自己或移除自己的管理员岗位。";
}
