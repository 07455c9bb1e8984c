using FluentValidation;

namespace Crm.Web.Forms;

/// <summary>
/// Lets a MudForm validate with the API's own FluentValidation validator. The form edits a mutable
/// model whose property names match the input record; the adapter maps the model to the input,
/// validates it whole (rules that compare fields still work) and returns the messages of one field.
/// </summary>
public sealed class FluentValidationAdapter<TModel, TInput>(
    IValidator<TInput> validator, Func<TModel, TInput> toInput, IReadOnlyDictionary<string, string>? inputNames = null)
{
    /// <summary>The input's property a form property feeds, when the form uses another unit (万元 for yuan) and so another name.</summary>
    private string InputName(string property) => inputNames?.GetValueOrDefault(property) ?? property;

    /// <summary>
    /// For <c>MudForm.Validation</c>: (model, property name) → that property's messages. MudForm's callback has no
    /// token, and nothing to cancel: the validators run in memory.
    /// </summary>
    public Func<object, string, Task<IEnumerable<string>>> Validation => async (model, property) =>
        await MessagesForAsync((TModel)model, property, CancellationToken.None);

    public async Task<IEnumerable<string>> MessagesForAsync(TModel model, string property, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(toInput(model), ct);
        return result.Errors.Where(e => e.PropertyName == InputName(property)).Select(e => e.ErrorMessage).ToList();
    }

    /// <summary>Every message, by property: for a summary after a submit.</summary>
    public async Task<IReadOnlyDictionary<string, string[]>> ValidateAsync(TModel model, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(toInput(model), ct);
        var formNames = inputNames?.ToDictionary(p => p.Value, p => p.Key) ?? [];
        return result.Errors.GroupBy(e => formNames.GetValueOrDefault(e.PropertyName) ?? e.PropertyName)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray());
    }
}
