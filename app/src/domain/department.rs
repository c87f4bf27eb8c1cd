//! Who belongs to which department (SPEC §5): the people of a department acknowledge and work
//! what is routed to it. A person belongs by their roles (see `liaison::departments_of`) and
//! by the admin's assignment; the admin edits only the assignments.

use super::service::Department;
use serde::{Deserialize, Serialize};

/// One member of a department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub username: String,
    pub display_name: String,
    /// A member by one of their roles (not removable here).
    pub by_role: bool,
    /// Assigned by the admin.
    pub assigned: bool,
}

/// A department and its members, by user name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentMembers {
    pub department: Department,
    pub members: Vec<Member>,
}

/// `PUT /api/v1/departments/{department}`: the people the admin assigns to it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentInput {
    pub members: Vec<String>,
}
