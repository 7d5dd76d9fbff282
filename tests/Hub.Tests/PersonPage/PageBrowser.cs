using System.Net;
using System.Text.RegularExpressions;

namespace Hub.Tests.PersonPage;

/// <summary>
/// The person's page as a browser without script sees it: cookies kept, redirects not followed (so
/// tests see them), forms posted with the antiforgery token the page rendered.
/// </summary>
public sealed partial class PageBrowser : IDisposable
{
    private readonly HttpClient _http;

    public PageBrowser(Uri address, string? acceptLanguage = null)
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = address };
        if (acceptLanguage is not null)
        {
            _http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        }
    }

    public CookieContainer Cookies { get; }

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(new Uri(path, UriKind.RelativeOrAbsolute));

    public async Task<string> GetHtmlAsync(string path)
    {
        using var response = await GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Posts the form found at <paramref name="formPage"/> (the first with that action, or the only one) with the given fields.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, params (string Name, string Value)[] fields)
    {
        var html = await GetHtmlAsync(formPage);
        var token = AntiforgeryToken().Match(html);
        Assert.True(token.Success, $"{formPage} renders no antiforgery token");
        return await PostAsync(action, [.. fields, ("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value))]);
    }

    public Task<HttpResponseMessage> PostAsync(string action, params (string Name, string Value)[] fields) =>
        _http.PostAsync(new Uri(action, UriKind.RelativeOrAbsolute), new FormUrlEncodedContent(fields.Select(field => KeyValuePair.Create(field.Name, field.Value))));

    /// <summary>Signs in with the code; returns the response (a redirect to /me when it worked).</summary>
    public Task<HttpResponseMessage> SignInAsync(string code) => PostFormAsync("/me/sign-in", "/me/sign-in", ("code", code));

    public string? SessionCookie => Cookies.GetAllCookies().FirstOrDefault(cookie => cookie.Name == "hub_person_session")?.Value;

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
