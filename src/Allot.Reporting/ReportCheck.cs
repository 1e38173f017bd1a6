namespace Allot.Reporting;

/// <summary>One check shown in a report: what was checked, whether it passed, and the evidence.</summary>
/// <param name="Name">What was checked, e.g. "every row reconciles".</param>
/// <param name="Passed">True when the check passed.</param>
/// <param name="Detail">Numbers or a sentence backing the verdict.</param>
public sealed record ReportCheck(string Name, bool Passed, string Detail);
