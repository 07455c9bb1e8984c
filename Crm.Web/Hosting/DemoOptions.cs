namespace Crm.Web.Hosting;

/// <summary>Configuration section <c>Demo</c>.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Seed the demo zone into an empty database; unset: only in Development.</summary>
    public bool? Seed { get; set; }
}
