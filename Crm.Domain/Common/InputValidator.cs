using System.Reflection;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Domain.Common;

/// <summary>
/// The validator of an input as the API and the pages get it: <see cref="InputRules"/> first, then the input's own
/// validator. A null where a value belongs stops there (the own rules would dereference it); text failures are
/// reported together with the own rules' failures.
/// </summary>
public sealed class InputValidator<T>(IValidator<T> own) : IValidator<T>
{
    public ValidationResult Validate(T instance) => Validate(new ValidationContext<T>(instance));

    public Task<ValidationResult> ValidateAsync(T instance, CancellationToken cancellation = default) =>
        ValidateAsync(new ValidationContext<T>(instance), cancellation);

    public ValidationResult Validate(IValidationContext context)
    {
        var shared = Shared(context);
        return InputRules.IsMissingAValue(shared) ? new ValidationResult(shared) : Merged(shared, own.Validate(context));
    }

    public async Task<ValidationResult> ValidateAsync(IValidationContext context, CancellationToken cancellation = default)
    {
        var shared = Shared(context);
        return InputRules.IsMissingAValue(shared) ? new ValidationResult(shared) : Merged(shared, await own.ValidateAsync(context, cancellation));
    }

    public IValidatorDescriptor CreateDescriptor() => own.CreateDescriptor();

    public bool CanValidateInstancesOfType(Type type) => own.CanValidateInstancesOfType(type);

    private static List<ValidationFailure> Shared(IValidationContext context) =>
        context.InstanceToValidate is { } input ? InputRules.Check(input) : [];

    private static ValidationResult Merged(List<ValidationFailure> shared, ValidationResult result) =>
        shared.Count == 0 ? result : new ValidationResult(shared.Concat(result.Errors));
}

public static class InputValidatorRegistration
{
    /// <summary>
    /// Every validator of the assembly, each behind <see cref="InputValidator{T}"/> as its <c>IValidator&lt;T&gt;</c>
    /// (what the API's validation filter and the pages ask for); the validator's own type resolves to itself.
    /// </summary>
    public static IServiceCollection AddInputValidatorsFromAssembly(this IServiceCollection services, Assembly assembly)
    {
        foreach (var found in AssemblyScanner.FindValidatorsInAssembly(assembly))
        {
            var input = found.InterfaceType.GetGenericArguments()[0];
            var validator = found.ValidatorType;
            services.AddSingleton(validator);
            services.AddSingleton(found.InterfaceType, provider =>
                Activator.CreateInstance(typeof(InputValidator<>).MakeGenericType(input), provider.GetRequiredService(validator))!);
        }
        return services;
    }
}
