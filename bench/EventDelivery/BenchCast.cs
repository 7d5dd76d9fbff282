using Grpc.Net.Client;
using Hub.Client;
using Hub.V1;

namespace EventDelivery;

/// <summary>The welfare office (which registers the person and records consents) and the employment centre (the recipient), with channels to both nodes.</summary>
internal sealed record BenchCast(BenchOptions Options, string PersonId, string WelfareId, GrpcChannel WelfareAtA, string EmploymentId, HubClientCredentials Employment)
{
    public static async Task<BenchCast> SetUpAsync(BenchOptions options)
    {
        using var admin = HubChannel.Create(options.NodeA, HubClientCredentials.FromSecret("hub-admin", options.AdminSecret), options.TokenUrl);
        var welfare = await admin.Agencies().RegisterAgencyAsync(new RegisterAgencyRequest { Name = "Bench Welfare Office", Kind = AgencyKind.Welfare });
        var employment = await admin.Agencies().RegisterAgencyAsync(new RegisterAgencyRequest { Name = "Bench Employment Centre", Kind = AgencyKind.Employment });
        var welfareAtA = HubChannel.Create(options.NodeA, HubClientCredentials.FromSecret(welfare.ClientId, welfare.ClientSecret), options.TokenUrl);
        var person = (await welfareAtA.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1990-04-01" })).Person.PersonId;
        return new BenchCast(options, person, welfare.Agency.AgencyId, welfareAtA, employment.Agency.AgencyId,
            HubClientCredentials.FromSecret(employment.ClientId, employment.ClientSecret));
    }

    public GrpcChannel EmploymentAt(Uri node) => HubChannel.Create(node, Employment, Options.TokenUrl);
}
