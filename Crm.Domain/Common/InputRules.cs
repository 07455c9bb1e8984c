using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using Crm.Domain.Localization;
using FluentValidation.Results;

namespace Crm.Domain.Common;

/// <summary>Text a person writes over several lines (notes, summaries, reasons): tabs and line breaks are allowed in it.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MultiLineAttribute : Attribute;

/// <summary>
/// The rules every input shares, whatever its type, run before its own validator (<see cref="InputValidator{T}"/>):
/// no null where a member is required or in any collection (which the type's own rules would dereference), and no
/// control character in any text (they corrupt e-mails, exports and logs), except tabs and line breaks in
/// <see cref="MultiLineAttribute"/> text. Failures name the member as FluentValidation does ("Contacts[0].Name").
/// </summary>
public static class InputRules
{
    public const string RequiredCode = "input.required";
    public const string NullElementCode = "input.nullElement";
    public const string ControlCharacterCode = "input.controlCharacter";

    private static readonly ConcurrentDictionary<Type, Member[]> Members = new();

    /// <summary>Every failure of the shared rules in <paramref name="input"/> and the inputs and collections it holds.</summary>
    public static List<ValidationFailure> Check(object input)
    {
        var failures = new List<ValidationFailure>();
        Walk(input, "", failures, depth: 0);
        return failures;
    }

    /// <summary>A null where the input's own rules expect a value: they must not run, they would dereference it.</summary>
    public static bool IsMissingAValue(IEnumerable<ValidationFailure> failures) =>
        failures.Any(f => f.ErrorCode is RequiredCode or NullElementCode);

    /// <summary>No control character; in multi-line text, tabs and line breaks are not counted as such.</summary>
    public static bool IsCleanText(string text, bool multiLine) =>
        !text.Any(c => char.IsControl(c) && !(multiLine && c is '\t' or '\n' or '\r'));

    private static void Walk(object input, string path, List<ValidationFailure> failures, int depth)
    {
        // Inputs are trees read from JSON or a form; the bound only guards against a type that refers to itself.
        if (depth > 8)
        {
            return;
        }
        foreach (var member in Members.GetOrAdd(input.GetType(), MembersOf))
        {
            var name = path.Length == 0 ? member.Property.Name : $"{path}.{member.Property.Name}";
            var value = member.Property.GetValue(input);
            if (value is null)
            {
                if (member.Required)
                {
                    failures.Add(Failure(name, RequiredCode, JsonName(member.Property.Name)));
                }
                continue;
            }
            Inspect(value, name, member.MultiLine, failures, depth);
        }
    }

    private static void Inspect(object value, string name, bool multiLine, List<ValidationFailure> failures, int depth)
    {
        switch (value)
        {
            case string text:
                if (!IsCleanText(text, multiLine))
                {
                    failures.Add(Failure(name, ControlCharacterCode));
                }
                break;
            case IDictionary entries:
                foreach (DictionaryEntry entry in entries)
                {
                    var key = Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                    var element = $"{name}[{key}]";
                    if (!IsCleanText(key, multiLine: false))
                    {
                        failures.Add(Failure(element, ControlCharacterCode));
                    }
                    Element(entry.Value, element, multiLine, failures, depth);
                }
                break;
            case IEnumerable items:
                var index = 0;
                foreach (var item in items)
                {
                    Element(item, $"{name}[{index++}]", multiLine, failures, depth);
                }
                break;
            default:
                if (IsInput(value.GetType()))
                {
                    Walk(value, name, failures, depth + 1);
                }
                break;
        }
    }

    private static void Element(object? item, string name, bool multiLine, List<ValidationFailure> failures, int depth)
    {
        if (item is null)
        {
            failures.Add(Failure(name, NullElementCode));
            return;
        }
        Inspect(item, name, multiLine, failures, depth);
    }

    /// <summary>The product's own records and classes; a framework type (a date, a number) holds no text of a person's.</summary>
    private static bool IsInput(Type type) =>
        type.IsClass && type.Namespace?.StartsWith("Crm.", StringComparison.Ordinal) == true;

    private static Member[] MembersOf(Type type)
    {
        var nullability = new NullabilityInfoContext();
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
            .Select(p => new Member(p,
                Required: !p.PropertyType.IsValueType && nullability.Create(p).ReadState == NullabilityState.NotNull,
                MultiLine: p.GetCustomAttribute<MultiLineAttribute>() is not null))
            .ToArray();
    }

    private static ValidationFailure Failure(string name, string code, params object?[] args) =>
        new(name, Catalogue.Text($"Rule.{code}", null, args)) { ErrorCode = code };

    private static string JsonName(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private sealed record Member(PropertyInfo Property, bool Required, bool MultiLine);
}
