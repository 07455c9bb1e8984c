using Crm.Domain.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.Domain.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>Notifications, the email outbox and the jobs that produce them.</summary>
    public static IServiceCollection AddCrmNotifications(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.Section)).PostConfigure(o =>
        {
            if (!string.IsNullOrWhiteSpace(o.PickupFolder) && !Path.IsPathRooted(o.PickupFolder))
            {
                o.PickupFolder = Path.Combine(contentRoot, o.PickupFolder);
            }
        }).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MailTransport>();
        services.TryAddSingleton<IOutboxTrigger, ScheduledOutboxOnly>();
        services.AddScoped<NotificationWriter>();
        services.AddScoped<NotificationService>();
        services.AddScoped<EmailOutbox>();
        services.AddScoped<JobRunLog>();
        services.AddScoped<JobRecipients>();
        services.AddScoped<FollowUpReminderJob>();
        services.AddScoped<MilestoneWatchJob>();
        services.AddScoped<DailyDigestJob>();
        services.AddScoped<WeeklyInspectionJob>();
        services.AddScoped<ProblemWatchJob>();
        services.AddScoped<CareVisitJob>();
        services.AddScoped<TenDayAssessmentJob>();
        services.AddScoped<QuarterlyTargetsJob>();
        services.AddScoped<QuarterProgressReport>();
        services.AddScoped<EmailOutboxJob>();
        return services;
    }
}
