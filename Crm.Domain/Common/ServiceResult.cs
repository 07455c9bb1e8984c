namespace Crm.Domain.Common;

/// <summary>
/// What a service call came to. Endpoints and pages map each case to an answer; nothing is thrown
/// for an outcome a user can cause.
/// </summary>
public abstract record ServiceResult<T>
{
    public sealed record Ok(T Value) : ServiceResult<T>;
    public sealed record NotFound : ServiceResult<T>;
    public sealed record Forbidden : ServiceResult<T>;
    /// <summary>The caller's version is stale; <paramref name="Current"/> is what is stored now.</summary>
    public sealed record Conflict(T Current) : ServiceResult<T>;
    /// <summary>A pipeline or business rule refused the change.</summary>
    public sealed record Refused(RuleViolation Violation) : ServiceResult<T>;
    /// <summary>
    /// The zone may already know this company: creating it needs the caller's confirmation. <paramref name="Found"/>
    /// is what this caller may see of the other records.
    /// </summary>
    public sealed record Unconfirmed(RuleViolation Violation, Duplicates.PossibleDuplicates Found) : ServiceResult<T>;
    /// <summary>
    /// Input that passed the validator but names something that does not exist or cannot be used. <see cref="Field"/> is
    /// the input's member as the API names it (camelCase, as the validator's errors do): pass <c>nameof(Input.Member)</c>.
    /// </summary>
    public sealed record Invalid(string Field, RuleViolation Reason) : ServiceResult<T>
    {
        public string Field { get; } = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(Field);

        public Invalid(string field, string code, params object?[] args) : this(field, new RuleViolation(code, args))
        {
        }
    }

    public static implicit operator ServiceResult<T>(T value) => new Ok(value);
    public static implicit operator ServiceResult<T>(RuleViolation violation) => new Refused(violation);
}

/// <summary>
/// A refusal: a stable code for programs and the values its sentence needs. The catalogue
/// (<c>Localization/Texts.resx</c>, key "Rule.{Code}") words it in the reader's language.
/// </summary>
public sealed partial record RuleViolation(string Code, params object?[] Args)
{
    /// <summary>A dotted code such as "stage.skipsMilestone": a sentence passed by mistake fails at once, in every test that reaches it.</summary>
    public string Code { get; } = CodeShape().IsMatch(Code) ? Code : throw new ArgumentException($"'{Code}' is not a code (feature.camelCase).", nameof(Code));

    [System.Text.RegularExpressions.GeneratedRegex(@"^[a-z][A-Za-z]*(\.[A-Za-z][A-Za-z0-9]*)+$")]
    private static partial System.Text.RegularExpressions.Regex CodeShape();

    public bool Equals(RuleViolation? other) =>
        other is not null && Code == other.Code && Args.SequenceEqual(other.Args);

    public override int GetHashCode() => Code.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Args.Length == 0 ? Code : $"{Code}({string.Join(", ", Args)})";
}
