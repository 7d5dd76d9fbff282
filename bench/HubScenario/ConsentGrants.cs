using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Hub.Client;
using Hub.V1;

namespace HubScenario;

/// <summary>Consents as an agency linked to the person records them: given by the person in writing, for one year.</summary>
internal static class ConsentGrants
{
    public static async Task GrantAsync(
        GrpcChannel linkedAgency, string personId, string recipientAgencyId, Purpose purpose, DataCategory[] categories, DataCategory[] sensitiveAcknowledged)
    {
        await linkedAgency.Consents().GrantConsentAsync(new GrantConsentRequest
        {
            PersonId = personId,
            RecipientAgencyId = recipientAgencyId,
            Purpose = purpose,
            Categories = { categories },
            SensitiveAcknowledged = { sensitiveAcknowledged },
            ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddYears(1)),
            GrantedBy = GrantorRole.Subject,
            CollectionMethod = CollectionMethod.Written,
        });
    }
}
