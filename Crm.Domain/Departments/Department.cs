namespace Crm.Domain.Departments;

/// <summary>
/// A zone department or utility a project's problems are referred to (分类归口): reference data an Admin keeps.
/// A department is deactivated, never deleted, so the problems referred to it keep their department.
/// </summary>
public class Department
{
    public required string Code { get; init; }
    public required string Name { get; set; }
    public required string NameEn { get; set; }
    public int SortOrder { get; set; }
    /// <summary>Offered for new problems; an inactive department still names the problems it has.</summary>
    public bool IsActive { get; set; } = true;
}
