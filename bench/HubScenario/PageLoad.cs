using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Hub.Client;
using Hub.V1;

namespace HubScenario;

/// <summary>
/// The person's page under load (issue 13's benchmark): a person of its own with <c>records</c>
/// access records (disclosures of their case summary to the hospital, under their consent),
/// <c>sessions</c> sessions signed in with one-time codes as a browser does (form, antiforgery
/// token, cookie), then every session loading the access log over and over for <c>seconds</c>:
/// the newest page and a page from the middle of the log, in turn. Prints, for each, the time to
/// the response's first byte (headers) and to its last (the whole page read), p50 and p99 in ms.
/// </summary>
internal static partial class PageLoad
{
    private const int ReadsInFlight = 16;

    public static async Task<bool> RunAsync(ScenarioArguments arguments, TextWriter output, TextWriter log)
    {
        var adminSecret = (await File.ReadAllTextAsync(arguments.AdminSecretFile!)).Trim();
        RegisteredAgency welfare, hospital;
        using (var operatorChannel = new AgencyCredentials(AgencyCredentials.OperatorClientId, adminSecret).Connect(arguments))
        {
            welfare = await ScenarioSeeder.RegisterAgencyAsync(operatorChannel, "Shinjuku Welfare and Counselling Office", AgencyKind.Welfare);
            hospital = await ScenarioSeeder.RegisterAgencyAsync(operatorChannel, "Tokyo Metropolitan Hospital, psychiatry", AgencyKind.Medical);
        }

        using var welfareChannel = welfare.Client.Connect(arguments);
        using var hospitalChannel = hospital.Client.Connect(arguments);
        var person = (await welfareChannel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1998-03-02" })).Person.PersonId;
        await ConsentGrants.GrantAsync(welfareChannel, person, hospital.AgencyId, Purpose.Treatment, [DataCategory.SupportPlan, DataCategory.Diagnosis], [DataCategory.Diagnosis]);
        await welfareChannel.Cases().PublishCaseSummaryAsync(CaseSummaries.Welfare(person));
        var seeding = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, ReadsInFlight).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < arguments.Records)
            {
                await hospitalChannel.Cases().GetCaseSummaryAsync(new GetCaseSummaryRequest { PersonId = person, Purpose = Purpose.Treatment });
            }
        }));
        await log.WriteLineAsync($"person {person}: {arguments.Records} disclosures recorded in {seeding.Elapsed.TotalSeconds:F1} s");

        var browsers = new List<HttpClient>();
        for (var session = 0; session < arguments.Sessions; session++)
        {
            var code = (await welfareChannel.People().IssuePersonAccessCodeAsync(new IssuePersonAccessCodeRequest { PersonId = person })).Code;
            browsers.Add(await SignInAsync(arguments.PageOrigin, code));
        }

        var newest = await browsers[0].GetStringAsync(new Uri("/me/access", UriKind.Relative));
        var deepPage = "/me/access?before=" + OlderLink().Matches(newest).Select(match => long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)).Single() / 2;
        await log.WriteLineAsync($"{arguments.Sessions} sessions signed in; loading /me/access and {deepPage} for {arguments.Seconds} s");

        var samples = new[] { new List<(double FirstByte, double Full)>(), new List<(double FirstByte, double Full)>() };
        var failures = 0;
        var until = Stopwatch.GetTimestamp() + (long)(arguments.Seconds * (double)Stopwatch.Frequency);
        await Task.WhenAll(browsers.Select(async browser =>
        {
            for (var turn = 0; Stopwatch.GetTimestamp() < until; turn++)
            {
                var which = turn % 2;
                var started = Stopwatch.GetTimestamp();
                using var response = await browser.GetAsync(new Uri(which == 0 ? "/me/access" : deepPage, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
                var firstByte = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var page = await response.Content.ReadAsStringAsync();
                var full = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (samples)
                {
                    if (response.StatusCode != HttpStatusCode.OK || !page.Contains("</html>", StringComparison.Ordinal))
                    {
                        failures++;
                        log.WriteLine($"{(int)response.StatusCode} for {response.RequestMessage!.RequestUri}: {page[..Math.Min(200, page.Length)]}");
                    }
                    else
                    {
                        samples[which].Add((firstByte, full));
                    }
                }
            }
        }));

        await output.WriteLineAsync("page\trequests\treq/s\tttfb_p50_ms\tttfb_p99_ms\tfull_p50_ms\tfull_p99_ms");
        foreach (var (name, measured) in new[] { ("newest", samples[0]), ("deep", samples[1]) })
        {
            var firstBytes = measured.Select(sample => sample.FirstByte).Order().ToArray();
            var fulls = measured.Select(sample => sample.Full).Order().ToArray();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{name}\t{measured.Count}\t{measured.Count / (double)arguments.Seconds:F0}\t{Percentile(firstBytes, 0.50):F1}\t{Percentile(firstBytes, 0.99):F1}\t{Percentile(fulls, 0.50):F1}\t{Percentile(fulls, 0.99):F1}"));
        }

        foreach (var browser in browsers)
        {
            browser.Dispose();
        }

        if (failures > 0)
        {
            await log.WriteLineAsync($"{failures} page loads failed");
        }

        return failures == 0;
    }

    /// <summary>Signs in as a browser does: the form's antiforgery token, the code posted, the session cookie kept.</summary>
    private static async Task<HttpClient> SignInAsync(Uri origin, string code)
    {
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = origin };
        var form = await browser.GetStringAsync(new Uri("/me/sign-in", UriKind.Relative));
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        using var signIn = await browser.PostAsync(new Uri("/me/sign-in", UriKind.Relative), new FormUrlEncodedContent(
            [KeyValuePair.Create("code", code), KeyValuePair.Create("__RequestVerificationToken", WebUtility.HtmlDecode(token))]));
        if (signIn.StatusCode != HttpStatusCode.Redirect)
        {
            throw new IOException($"signing in answered {(int)signIn.StatusCode}");
        }

        return browser;
    }

    private static double Percentile(double[] sorted, double fraction) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(fraction * sorted.Length) - 1)];

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("href=\"/me/access\\?before=(\\d+)\"")]
    private static partial Regex OlderLink();
}
