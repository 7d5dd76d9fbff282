using Microsoft.AspNetCore.Localization;
using Microsoft.Net.Http.Headers;

namespace Hub.PersonPage;

/// <summary>
/// The browser's languages by their language part: en-GB or en-US asks for English, ja-JP for
/// Japanese, in the browser's order of preference. (Without ICU a culture knows no parent, so the
/// standard provider would not match en-GB to en.)
/// </summary>
internal sealed class LanguageCultureProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var header = httpContext.Request.Headers.AcceptLanguage;
        if (!StringWithQualityHeaderValue.TryParseList(header, out var languages))
        {
            return NullProviderCultureResult;
        }

        foreach (var language in languages.OrderByDescending(language => language.Quality ?? 1))
        {
            var primary = language.Value.AsSpan();
            var dash = primary.IndexOf('-');
            var code = (dash < 0 ? primary : primary[..dash]).ToString().ToLowerInvariant();
            if (code == PageText.English.Name || code == PageText.Japanese.Name)
            {
                return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(code));
            }
        }

        return NullProviderCultureResult;
    }
}
