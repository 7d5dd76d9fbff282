using System.Globalization;

namespace HubScenario;

/// <summary>
/// The files bench/hub/run.sh reads: <c>token</c> (the recipient's bearer token) and <c>token.expires</c>
/// (its expiry, Unix seconds), <c>recipient.client</c> (client id and secret, one a line, to renew it),
/// and for each RPC <c>NAME.bin</c> (the request body, one gRPC frame) and <c>NAME.path</c>.
/// </summary>
internal sealed class ScenarioDirectory
{
    private readonly string _path;

    public ScenarioDirectory(string path)
    {
        _path = path;
        Directory.CreateDirectory(path);
    }

    public void WriteRecipient(AgencyCredentials recipient) => WritePrivate("recipient.client", $"{recipient.ClientId}\n{recipient.ClientSecret}\n");

    public AgencyCredentials ReadRecipient()
    {
        var lines = File.ReadAllLines(Combine("recipient.client"));
        return lines.Length == 2 ? new AgencyCredentials(lines[0], lines[1]) : throw new InvalidDataException($"{Combine("recipient.client")} does not hold a client id and secret.");
    }

    public void WriteToken(string token, DateTimeOffset expiresAt)
    {
        WritePrivate("token", token);
        File.WriteAllText(Combine("token.expires"), expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
    }

    public string ReadToken() => File.ReadAllText(Combine("token"));

    /// <summary><c>meeting.subjects</c>: the participants' agency ids, then the people, one a line.</summary>
    public void WriteMeetingSubjects(MeetingSubjects subjects) =>
        File.WriteAllLines(Combine("meeting.subjects"), [subjects.WelfareOfficeId, subjects.HospitalId, .. subjects.People]);

    public MeetingSubjects ReadMeetingSubjects()
    {
        var lines = File.ReadAllLines(Combine("meeting.subjects"));
        return lines.Length > 2 ? new MeetingSubjects(lines[2..], lines[0], lines[1]) : throw new InvalidDataException($"{Combine("meeting.subjects")} names no people.");
    }

    /// <summary>How many meetings the schedule_meeting loads have scheduled so far: where the next load's slots begin.</summary>
    public int ReadMeetingsScheduled() =>
        File.Exists(Combine("meetings.scheduled")) ? int.Parse(File.ReadAllText(Combine("meetings.scheduled")), CultureInfo.InvariantCulture) : 0;

    public void WriteMeetingsScheduled(int count) => File.WriteAllText(Combine("meetings.scheduled"), count.ToString(CultureInfo.InvariantCulture));

    public void WriteRequest(BenchRequest request, ScenarioSubjects subjects)
    {
        File.WriteAllBytes(Combine($"{request.Name}.bin"), RequestFrame.Encode(request.Build(subjects)));
        File.WriteAllText(Combine($"{request.Name}.path"), request.Path);
    }

    /// <summary>The serialized request message of a request file.</summary>
    public byte[] ReadRequest(BenchRequest request)
    {
        var file = Combine($"{request.Name}.bin");
        return RequestFrame.Decode(File.ReadAllBytes(file), file);
    }

    /// <summary>Writes a file only its owner may read: it holds a secret or a token.</summary>
    private void WritePrivate(string name, string contents)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var file = new StreamWriter(Combine(name), options);
        file.Write(contents);
    }

    private string Combine(string name) => Path.Combine(_path, name);
}
