using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Hub.PersonPage;

/// <summary>
/// The page's own authentication scheme: the session cookie, checked against its row on every
/// request. A missing, ended or idle session sends the browser to the sign-in form.
/// </summary>
internal sealed class PersonSessionAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, PersonSessions sessions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PersonSession";

    /// <summary>The authorization policy every page but the sign-in form requires.</summary>
    public const string Policy = "PersonSignedIn";

    public const string CookieName = "hub_person_session";

    public const string PersonClaim = "person_id";

    public const string HolderClaim = "holder";

    public const string SignInPath = "/me/sign-in";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Cookies[CookieName] is not { Length: > 0 } token)
        {
            return AuthenticateResult.NoResult();
        }

        if (await sessions.ResumeAsync(token, Context.RequestAborted) is not { } session)
        {
            return AuthenticateResult.Fail("The session has ended or was idle too long.");
        }

        var identity = new ClaimsIdentity(
            [new Claim(PersonClaim, session.Person.Value), new Claim(HolderClaim, ((int)session.Holder).ToString(System.Globalization.CultureInfo.InvariantCulture))],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Redirect(SignInPath);
        return Task.CompletedTask;
    }

    /// <summary>Sets the session cookie: script can't read it, no other site's page sends it, and under TLS it travels only over TLS.</summary>
    public static void SetCookie(HttpContext context, string token) =>
        context.Response.Cookies.Append(CookieName, token, CookieOptions(context));

    public static void DeleteCookie(HttpContext context) => context.Response.Cookies.Delete(CookieName, CookieOptions(context));

    private static CookieOptions CookieOptions(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/me",
        IsEssential = true,
    };
}
