namespace Crm.Web.Resources;

/// <summary>Marker for the UI's one resource set: SharedResource.resx (English) and SharedResource.zh-CN.resx.</summary>
public sealed class SharedResource;
