using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Hub.PersonPage;

/// <summary>The language switch: remembers the choice in a cookie and returns to the page the person was on.</summary>
[AllowAnonymous]
internal sealed class LanguageModel : PersonPageModel
{
    public IActionResult OnGet() => Redirect(PersonPageExtensions.HomePath);

    public IActionResult OnPost(string? culture, string? returnTo)
    {
        var chosen = culture == PageText.English.Name ? PageText.English : PageText.Japanese;
        Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions { Path = PersonPageExtensions.HomePath, HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = Request.IsHttps, MaxAge = TimeSpan.FromDays(365), IsEssential = true });
        // Only back into the page itself: never a redirect to anywhere a form field names.
        var back = returnTo is { } path && path.StartsWith(PersonPageExtensions.HomePath, StringComparison.Ordinal) && Url.IsLocalUrl(path) ? path : PersonPageExtensions.HomePath;
        return LocalRedirect(back);
    }
}
