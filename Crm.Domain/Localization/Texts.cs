namespace Crm.Domain.Localization;

/// <summary>
/// The product's one catalogue of words: <c>Texts.resx</c> (English) and <c>Texts.zh-CN.resx</c>. Pages
/// reach it as <c>IStringLocalizer&lt;Texts&gt;</c>; the API, jobs, e-mails and exports through <see cref="Catalogue"/>.
/// </summary>
public sealed class Texts;
