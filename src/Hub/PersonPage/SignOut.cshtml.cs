using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Hub.PersonPage;

/// <summary>Signing out ends the session for good: the cookie, even copied, opens nothing afterwards.</summary>
[AllowAnonymous]
internal sealed class SignOutModel(PersonSessions sessions) : PersonPageModel
{
    public IActionResult OnGet() => Redirect(PersonSessionAuthentication.SignInPath);

    public async Task<IActionResult> OnPostAsync()
    {
        if (Request.Cookies[PersonSessionAuthentication.CookieName] is { Length: > 0 } token)
        {
            await sessions.EndAsync(token, HttpContext.RequestAborted);
        }

        PersonSessionAuthentication.DeleteCookie(HttpContext);
        return Page();
    }
}
