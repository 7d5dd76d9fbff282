using Hub.Audit;
using Hub.Cases;
using Hub.Storage;
using Microsoft.Extensions.Options;

namespace Hub.Consents;

internal static class ConsentServiceCollectionExtensions
{
    /// <summary>Consents, the consent policy of this deployment (<c>Hub:Consent</c>), receipts, the audit trail, case summaries and break-glass (<c>Hub:BreakGlass</c>).</summary>
    public static IServiceCollection AddHubConsents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConsentOptions>().Bind(configuration.GetSection(ConsentOptions.Section));
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<ConsentOptions>>().Value.ToPolicy());
        services.AddSingleton<ConsentStore>();
        services.AddSingleton<ConsentRequestStore>();
        services.AddSingleton<ConsentReceipts>();
        services.AddSingleton<ReceiptKeys>();
        services.AddSingleton<ConsentChanges>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<AuditChainVerifier>();
        services.AddSingleton(provider => new AuditAppender(
            provider.GetRequiredService<SessionDatabase>().Source, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<AuditAppender>>()));
        services.AddHostedService(provider => provider.GetRequiredService<AuditAppender>());
        services.AddOptions<BreakGlassOptions>().Bind(configuration.GetSection(BreakGlassOptions.Section));
        services.AddSingleton<BreakGlassReads>();
        services.AddSingleton<CaseSummaryStore>();
        return services;
    }
}
