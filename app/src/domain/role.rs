//! Roles (岗位) and the permission rule `can(roles, action)`: the single place that says who
//! may do what. The server enforces it on every server function and API endpoint; the UI
//! uses it only to hide what the server would refuse anyway.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 销售人员
    Sales,
    /// 销售经理
    SalesManager,
    /// 主管副总经理
    DeputyGm,
    /// 化验室
    Lab,
    /// 质量管理部门
    Quality,
    /// 仓管员
    Warehouse,
    /// 物流部
    Logistics,
    /// 司机
    Driver,
    /// 售后服务
    Service,
    /// 最高管理层
    Executive,
    /// System administrator: users, roles, master data; no business approvals.
    Admin,
}

impl Role {
    pub const ALL: [Role; 11] = [
        Role::Sales,
        Role::SalesManager,
        Role::DeputyGm,
        Role::Lab,
        Role::Quality,
        Role::Warehouse,
        Role::Logistics,
        Role::Driver,
        Role::Service,
        Role::Executive,
        Role::Admin,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Role::Sales => "sales",
            Role::SalesManager => "sales_manager",
            Role::DeputyGm => "deputy_gm",
            Role::Lab => "lab",
            Role::Quality => "quality",
            Role::Warehouse => "warehouse",
            Role::Logistics => "logistics",
            Role::Driver => "driver",
            Role::Service => "service",
            Role::Executive => "executive",
            Role::Admin => "admin",
        }
    }

    pub fn parse(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key.trim())
    }
}

/// Everything a user can ask the system to do, as far as permissions are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See customers, products and prices (everyone at a desk; not drivers).
    ReadMasterData,
    /// Create and edit customers.
    WriteCustomers,
    /// Create and edit products and their technical indicators.
    WriteProducts,
    /// Maintain the price list.
    WritePrices,
    /// Create users, grant roles, deactivate accounts.
    ManageUsers,
    /// Set the company calendar (working hours, holidays, make-up days).
    ManageCalendar,
    /// Read the audit trail.
    ReadAudit,
    /// The driver's own deliveries.
    DriverDeliveries,
    /// See the order register and orders.
    ReadOrders,
    /// Create, submit, withdraw and cancel orders; request amendments; record date changes.
    WriteOrders,
    /// Approve or reject contracts/orders (主管副总经理, §3.2).
    ApproveOrders,
    /// Approve or reject amendments and price exceptions (销售经理, 第十条/第十五条).
    ApproveSalesChanges,
    /// The product sales ledger and its exports.
    ReadLedger,
    /// The release approvals dashboard.
    ViewApprovals,
    /// Run the readiness check on demand and see its escalations.
    RunReadiness,
    /// See batches, inspections and certificates (everyone at a desk).
    ReadBatches,
    /// Register production batches (化验室, 质量管理部门).
    WriteBatches,
    /// Enter inspection results; a final result issues report and certificate (化验室).
    Inspect,
    /// Accept out-of-spec results with a reason, nonconforming product, recalls (质量管理部门).
    ManageQuality,
    /// Verify the certificate and label a batch into stock (仓管员).
    StockIn,
    /// See delivery notes.
    ReadDeliveryNotes,
    /// Issue delivery notes and request emergency releases (销售人员).
    WriteDeliveryNotes,
    /// Approve delivery notes (销售经理).
    ApproveDeliveryNotes,
    /// Approve emergency releases (主管副总经理, §4.1.5).
    ApproveEmergencyRelease,
    /// Assign driver and vehicle (物流部).
    AssignTransport,
    /// Confirm loading and sign the hand-over (仓管员).
    LoadDeliveries,
    /// Trace a batch to every delivery and customer; see recalls.
    TraceBatches,
    /// The delivery deadlines dashboard.
    ViewDeliveries,
    /// Open and close survey periods, set satisfaction targets (销售经理).
    ManageSurveys,
    /// Survey results, the satisfaction trends dashboard, corrective actions.
    ReadSatisfaction,
    /// Work corrective actions through to closure.
    ManageCorrectiveActions,
    /// The sales performance report per rep (第十八条).
    ViewPerformance,
    /// Set each rep's sales target per half year (销售经理).
    ManageSalesTargets,
    /// See the service desk: inquiries, liaison forms, complaints, service tickets.
    ReadAfterSales,
    /// Record and answer customer inquiries (销售人员, 售后服务).
    WriteInquiries,
    /// Register complaints and work their 8D steps (销售人员, 售后服务, 质量管理部门).
    WriteComplaints,
    /// Record service tickets and work them to the customer's confirmation (售后服务).
    WriteTickets,
    /// Read liaison forms: the service desk's readers, and the departments they are routed to
    /// (warehouse and logistics read only their own department's).
    ReadLiaison,
    /// Record liaison forms, route them, verify their measures and close them (销售人员, 售后服务).
    WriteLiaison,
    /// The live service board (售后服务, managers, top management, quality).
    ViewServiceBoard,
    /// Add product documents and their revisions (售后服务, 质量管理部门); everyone at a desk
    /// reads them (`ReadMasterData`).
    WriteDocuments,
    /// Work SDS distributions: record each sending and acknowledgement (售后服务, 质量管理部门).
    DistributeSds,
    /// Record customer training sessions (售后服务).
    WriteTrainings,
    /// Read the quarterly feedback analysis (everyone at a desk: the departments acknowledge it).
    ReadFeedbackReports,
    /// Issue a quarter's feedback analysis to the departments (售后服务, 销售经理).
    IssueFeedbackReports,
}

/// The permission rule. A user holding several roles may do what any of them may do.
pub fn can(roles: &[Role], action: Action) -> bool {
    use Role::*;
    roles.iter().any(|role| match action {
        Action::ReadMasterData => *role != Driver,
        Action::WriteCustomers => matches!(role, Sales | Admin),
        Action::WriteProducts | Action::WritePrices | Action::ManageUsers | Action::ManageCalendar => *role == Admin,
        Action::ReadAudit => matches!(role, Admin | Executive | Quality),
        Action::DriverDeliveries => *role == Driver,
        Action::ReadOrders => !matches!(role, Driver | Lab),
        Action::WriteOrders => *role == Sales,
        Action::ApproveOrders => *role == DeputyGm,
        Action::ApproveSalesChanges => *role == SalesManager,
        Action::ReadLedger => matches!(role, Sales | SalesManager | DeputyGm | Executive | Quality | Admin),
        Action::ViewApprovals => matches!(role, SalesManager | DeputyGm | Executive | Quality),
        Action::RunReadiness => matches!(role, Sales | SalesManager),
        Action::ReadBatches => *role != Driver,
        Action::WriteBatches => matches!(role, Lab | Quality),
        Action::Inspect => *role == Lab,
        Action::ManageQuality => *role == Quality,
        Action::StockIn | Action::LoadDeliveries => *role == Warehouse,
        Action::ReadDeliveryNotes => {
            matches!(role, Sales | SalesManager | DeputyGm | Executive | Warehouse | Logistics | Quality | Admin)
        }
        Action::WriteDeliveryNotes => *role == Sales,
        Action::ApproveDeliveryNotes => *role == SalesManager,
        Action::ApproveEmergencyRelease => *role == DeputyGm,
        Action::AssignTransport => *role == Logistics,
        Action::TraceBatches => matches!(role, Quality | SalesManager | DeputyGm | Executive),
        Action::ViewDeliveries => matches!(role, Sales | SalesManager | DeputyGm | Executive | Logistics),
        Action::ManageSurveys => *role == SalesManager,
        Action::ReadSatisfaction => matches!(role, Sales | SalesManager | DeputyGm | Executive | Quality),
        Action::ManageCorrectiveActions => matches!(role, SalesManager | Quality),
        Action::ViewPerformance => matches!(role, SalesManager | DeputyGm | Executive),
        Action::ManageSalesTargets => *role == SalesManager,
        Action::ReadAfterSales => {
            matches!(role, Sales | SalesManager | DeputyGm | Executive | Quality | Lab | Service | Admin)
        }
        Action::WriteInquiries => matches!(role, Sales | Service),
        Action::WriteComplaints => matches!(role, Sales | Service | Quality),
        Action::WriteTickets => *role == Service,
        Action::ReadLiaison => *role != Driver,
        Action::WriteLiaison => matches!(role, Sales | Service),
        Action::ViewServiceBoard => matches!(role, Service | SalesManager | DeputyGm | Executive | Quality),
        Action::WriteDocuments | Action::DistributeSds => matches!(role, Service | Quality),
        Action::WriteTrainings => *role == Service,
        Action::ReadFeedbackReports => *role != Driver,
        Action::IssueFeedbackReports => matches!(role, Service | SalesManager),
    })
}

/// A change to an order after it was written, as far as *who* may make it is concerned
/// (the status machine in `order.rs` says *when*).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderChange {
    /// Edit a draft, submit, withdraw, revise after rejection: the rep's own work on it.
    Edit,
    /// Ask for an amendment of an approved order (the sales manager decides it).
    Amend,
    /// Cancel the order.
    Cancel,
    /// Record a delivery date agreed with the customer.
    ChangeDate,
}

/// Whether one of these roles may make `change` to some order at all: the first check, before
/// the order is read, and what the UI asks to show the order's actions.
pub fn may_change_orders(roles: &[Role], change: OrderChange) -> bool {
    roles.contains(&Role::Sales)
        || (roles.contains(&Role::SalesManager) && matches!(change, OrderChange::Cancel | OrderChange::ChangeDate))
}

/// Who may change an order (谁可以改订单): the rep who wrote it (its `sales_rep`, while they
/// hold the sales role) in every way; the sales manager may also cancel it and record an
/// agreed delivery date, standing in for an absent rep. The sales manager does not ask for
/// amendments: they decide them, never their own request. Another rep may do none of this
/// (403), nor may anyone else.
pub fn can_change_order(roles: &[Role], username: &str, sales_rep: &str, change: OrderChange) -> bool {
    let own = roles.contains(&Role::Sales) && !username.is_empty() && username == sales_rep;
    let manager = roles.contains(&Role::SalesManager);
    match change {
        OrderChange::Edit | OrderChange::Amend => own,
        OrderChange::Cancel | OrderChange::ChangeDate => own || manager,
    }
}

/// Whether a live-stream subscriber with these roles is told about `event_driver`'s event: a
/// driver (who holds no desk role) hears only the events of notes assigned to them; everyone
/// else hears every event, as the desk pages refetch what they may read.
pub fn hears_event(roles: &[Role], username: &str, event_driver: Option<&str>) -> bool {
    if roles.iter().any(|r| *r != Role::Driver) {
        return true;
    }
    roles.contains(&Role::Driver) && event_driver.is_some_and(|d| !d.is_empty() && d == username)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_key_round_trips() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.key()), Some(role));
        }
        assert_eq!(Role::parse("boss"), None);
    }

    #[test]
    fn a_driver_sees_no_master_data() {
        assert!(!can(&[Role::Driver], Action::ReadMasterData));
        assert!(can(&[Role::Driver], Action::DriverDeliveries));
    }

    #[test]
    fn only_sales_and_admin_write_customers() {
        for role in Role::ALL {
            let expected = matches!(role, Role::Sales | Role::Admin);
            assert_eq!(can(&[role], Action::WriteCustomers), expected, "{role:?}");
        }
    }

    #[test]
    fn only_admin_manages_users_products_and_prices() {
        for role in Role::ALL {
            let admin = role == Role::Admin;
            assert_eq!(can(&[role], Action::ManageUsers), admin);
            assert_eq!(can(&[role], Action::WriteProducts), admin);
            assert_eq!(can(&[role], Action::WritePrices), admin);
            assert_eq!(can(&[role], Action::ManageCalendar), admin);
        }
    }

    #[test]
    fn approvals_follow_the_procedure() {
        assert!(can(&[Role::DeputyGm], Action::ApproveOrders));
        assert!(!can(&[Role::SalesManager], Action::ApproveOrders));
        assert!(can(&[Role::SalesManager], Action::ApproveSalesChanges));
        assert!(!can(&[Role::Sales], Action::ApproveSalesChanges));
        assert!(!can(&[Role::Admin], Action::ApproveOrders), "admin makes no business approvals");
        assert!(!can(&[Role::Admin], Action::ApproveSalesChanges));
    }

    #[test]
    fn the_release_gate_has_its_own_hands() {
        assert!(can(&[Role::Lab], Action::Inspect));
        assert!(!can(&[Role::Quality], Action::Inspect));
        assert!(can(&[Role::Quality], Action::ManageQuality));
        assert!(!can(&[Role::Lab], Action::ManageQuality));
        assert!(can(&[Role::Warehouse], Action::StockIn));
        assert!(can(&[Role::DeputyGm], Action::ApproveEmergencyRelease));
        assert!(!can(&[Role::SalesManager], Action::ApproveEmergencyRelease));
        assert!(!can(&[Role::Admin], Action::ApproveEmergencyRelease));
        assert!(!can(&[Role::Driver], Action::ReadBatches));
    }

    #[test]
    fn several_roles_combine() {
        assert!(can(&[Role::Driver, Role::Sales], Action::WriteCustomers));
        assert!(!can(&[], Action::ReadMasterData));
    }

    #[test]
    fn another_rep_may_not_change_an_order_its_rep_and_the_sales_manager_may() {
        use OrderChange::*;
        for change in [Edit, Amend, Cancel, ChangeDate] {
            assert!(can_change_order(&[Role::Sales], "sales", "sales", change), "{change:?}");
            assert!(!can_change_order(&[Role::Sales], "sales2", "sales", change), "{change:?}");
            assert!(!can_change_order(&[Role::DeputyGm], "deputy_gm", "sales", change), "{change:?}");
            assert!(!can_change_order(&[Role::Admin], "admin", "sales", change), "{change:?}");
        }
        assert!(can_change_order(&[Role::SalesManager], "sales_manager", "sales", Cancel));
        assert!(can_change_order(&[Role::SalesManager], "sales_manager", "sales", ChangeDate));
        assert!(!can_change_order(&[Role::SalesManager], "sales_manager", "sales", Amend), "decides amendments");
        assert!(!can_change_order(&[Role::SalesManager], "sales_manager", "sales", Edit));
        assert!(!can_change_order(&[Role::Admin], "sales", "sales", Cancel), "the name alone is not enough");
        for change in [Edit, Amend, Cancel, ChangeDate] {
            let anyone = Role::ALL.iter().any(|r| can_change_order(&[*r], "x", "x", change));
            assert_eq!(anyone, Role::ALL.iter().any(|r| may_change_orders(&[*r], change)), "{change:?}");
        }
    }

    #[test]
    fn a_driver_hears_only_the_events_of_their_own_notes() {
        assert!(hears_event(&[Role::Driver], "driver", Some("driver")));
        assert!(!hears_event(&[Role::Driver], "driver2", Some("driver")));
        assert!(!hears_event(&[Role::Driver], "driver", None));
        assert!(hears_event(&[Role::Logistics], "logistics", None));
        assert!(hears_event(&[Role::Driver, Role::Sales], "x", None), "a desk role hears everything");
        assert!(!hears_event(&[], "", Some("")));
    }
}
