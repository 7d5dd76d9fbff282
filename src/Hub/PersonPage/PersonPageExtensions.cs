using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Threading.RateLimiting;
using Hub.Meetings;
using Hub.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;

namespace Hub.PersonPage;

/// <summary>The person's own page (P1–P3) on the hub's HTTP port: its services, and its part of the pipeline.</summary>
internal static class PersonPageExtensions
{
    public const string HomePath = "/me";
    public const string AccessPath = "/me/access";
    public const string StylesheetPath = "/assets/person-page.css";
    public const string SignInRateLimit = "person-sign-in";

    /// <summary>The <c>done</c> flags after an action's redirect, for its confirmation.</summary>
    public const string Withdrawn = "withdrawn";
    public const string Approved = "approved";
    public const string Declined = "declined";

    /// <summary>
    /// Nothing from anywhere but the hub, no script at all, no framing, forms only back to the hub.
    /// The page works without script, so none is allowed.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static readonly Lazy<string> Stylesheet = new(() =>
    {
        using var stream = typeof(PersonPageExtensions).Assembly.GetManifestResourceStream("PersonPage.person-page.css")!;
        return new StreamReader(stream).ReadToEnd();
    });

    public static string ConsentPath(string consentId, string? done = null) =>
        done is null ? $"/me/consents/{Uri.EscapeDataString(consentId)}" : $"/me/consents/{Uri.EscapeDataString(consentId)}?done={done}";

    public static string RequestPath(string consentId, string? done = null) =>
        done is null ? $"/me/requests/{Uri.EscapeDataString(consentId)}" : $"/me/requests/{Uri.EscapeDataString(consentId)}?done={done}";

    public static string ReceiptPath(string consentId, bool withdrawal) =>
        $"/me/consents/{Uri.EscapeDataString(consentId)}?handler={(withdrawal ? "WithdrawalReceipt" : "Receipt")}";

    public static string DisclosureReceiptPath(string recordId) => $"/me/access?handler=Receipt&record={Uri.EscapeDataString(recordId)}";

    public static string WithdrawPath(string consentId) => $"/me/consents/{Uri.EscapeDataString(consentId)}/withdraw";

    public static IServiceCollection AddHubPersonPage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PersonPageOptions>().Bind(configuration.GetSection(PersonPageOptions.Section));
        services.AddSingleton<PersonSessions>();
        services.AddSingleton<PersonPageData>();
        services.AddSingleton<PersonActions>();
        services.AddSingleton(provider => new PersonPageZone(DateTimeZoneProviders.Tzdb[provider.GetRequiredService<IOptions<MeetingOptions>>().Value.DefaultTimeZone]));
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, PersonSessionAuthentication>(PersonSessionAuthentication.SchemeName, configureOptions: null);
        services.AddAuthorizationBuilder().AddPolicy(PersonSessionAuthentication.Policy, policy => policy
            .AddAuthenticationSchemes(PersonSessionAuthentication.SchemeName)
            .RequireAuthenticatedUser());
        // Antiforgery tokens must open on every node: one key ring, in the database.
        services.AddDataProtection().SetApplicationName("interop-hub");
        services.AddOptions<KeyManagementOptions>().Configure<NpgsqlDataSource>((options, database) => options.XmlRepository = new DataProtectionKeys(database));

        // Japanese text as itself, not as &#x...; entities: the default encoder allows only Basic Latin.
        services.AddWebEncoders(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddRazorPages(options =>
            {
                options.RootDirectory = "/PersonPage";
                options.Conventions.AuthorizeFolder("/", PersonSessionAuthentication.Policy);
            })
            // The pages are compiled into this assembly, which is not the entry assembly when a host embeds the hub.
            .AddApplicationPart(typeof(PersonPageExtensions).Assembly);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(SignInRateLimit, SignInPartition);
            options.OnRejected = (context, cancellationToken) =>
            {
                var text = PageText.For(CultureInfo.CurrentUICulture);
                context.HttpContext.Response.ContentType = "text/html; charset=utf-8";
                return new ValueTask(context.HttpContext.Response.WriteAsync(
                    $"<!DOCTYPE html><html lang=\"{text.Language}\"><meta charset=\"utf-8\"><title>{text.SiteName}</title>" +
                    $"<link rel=\"stylesheet\" href=\"{StylesheetPath}\"><main><p role=\"alert\">{text.SignInTooMany}</p></main></html>", cancellationToken));
            };
        });
        return services;
    }

    /// <summary>The page's middleware, on its own paths only: gRPC calls pay nothing for it.</summary>
    public static WebApplication UseHubPersonPage(this WebApplication app)
    {
        var localization = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(PageText.Japanese),
            SupportedCultures = [PageText.Japanese, PageText.English],
            SupportedUICultures = [PageText.Japanese, PageText.English],
            // The switch's cookie first, then the browser's languages; never the query string.
            RequestCultureProviders = [new CookieRequestCultureProvider(), new LanguageCultureProvider()],
        };
        app.UseWhen(IsPersonPage, branch =>
        {
            branch.UseRequestLocalization(localization);
            branch.Use(static (context, next) =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                if (context.Request.Path.StartsWithSegments(HomePath))
                {
                    // The person's data must not stay in a browser's or a proxy's cache. (no-cache as
                    // well, as antiforgery sets it on every form and would otherwise warn it overrode us.)
                    headers.CacheControl = "no-cache, no-store";
                }

                return next(context);
            });
            branch.UseRateLimiter();
        });
        return app;
    }

    public static WebApplication MapHubPersonPage(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapGet(StylesheetPath, static (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(Stylesheet.Value, "text/css; charset=utf-8");
        });
        return app;
    }

    private static bool IsPersonPage(HttpContext context) =>
        context.Request.Path.StartsWithSegments(HomePath) || context.Request.Path.StartsWithSegments("/assets");

    /// <summary>Sign-in attempts count per network address; reading the form costs nothing.</summary>
    private static RateLimitPartition<string> SignInPartition(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        var options = context.RequestServices.GetRequiredService<IOptions<PersonPageOptions>>().Value;
        return RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? string.Empty,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = options.SignInAttemptsPerAddress, Window = options.SignInWindow, QueueLimit = 0 });
    }
}
