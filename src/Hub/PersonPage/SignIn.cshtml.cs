using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Hub.PersonPage;

/// <summary>P1: the person enters the code an agency gave them and gets a session.</summary>
[AllowAnonymous]
[EnableRateLimiting(PersonPageExtensions.SignInRateLimit)]
internal sealed class SignInModel(PersonSessions sessions) : PersonPageModel
{
    public bool Refused { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? code)
    {
        if (await sessions.SignInAsync(code, HttpContext.RequestAborted) is not { } token)
        {
            Refused = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        PersonSessionAuthentication.SetCookie(HttpContext, token);
        return Redirect(PersonPageExtensions.HomePath);
    }
}
