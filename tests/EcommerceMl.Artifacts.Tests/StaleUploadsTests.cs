namespace EcommerceMl.Artifacts.Tests;

public sealed class StaleUploadsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 20, 0, 0, TimeSpan.Zero);

    private static UnfinishedUpload Started(string path, TimeSpan ago) => new(path, Now - ago);

    [Fact]
    public void Pick_TakesAPathOnlyWhenEveryUploadOfItIsOldEnough()
    {
        UnfinishedUpload[] uploads =
        [
            Started("models/a/versions/v/model.bin", TimeSpan.FromHours(30)),
            Started("models/a/versions/v/model.bin", TimeSpan.FromHours(26)),
            // The abort takes every upload of a path: one young upload beside an orphan keeps both.
            Started("events/2026-12-05/10/w-1.json.gz", TimeSpan.FromHours(40)),
            Started("events/2026-12-05/10/w-1.json.gz", TimeSpan.FromMinutes(5)),
            Started("outputs/recs.csv", TimeSpan.FromHours(2)),
        ];

        var stale = StaleUploads.Pick(uploads, Now, TimeSpan.FromHours(24));

        var only = Assert.Single(stale);
        Assert.Equal(new StaleUpload("models/a/versions/v/model.bin", 2, Now - TimeSpan.FromHours(26)), only);
    }

    [Fact]
    public void Pick_NeverTakesAPathWithAnUploadOfUnknownDate()
    {
        UnfinishedUpload[] uploads = [Started("models/a/versions/v/model.bin", TimeSpan.FromDays(9)), new("models/a/versions/v/model.bin", null)];

        Assert.Empty(StaleUploads.Pick(uploads, Now, TimeSpan.FromHours(24)));
    }

    [Fact]
    public void Pick_TakesAnUploadExactlyAtTheAge_InPathOrder()
    {
        UnfinishedUpload[] uploads = [Started("b", TimeSpan.FromHours(24)), Started("a", TimeSpan.FromHours(25))];

        Assert.Equal(["a", "b"], StaleUploads.Pick(uploads, Now, TimeSpan.FromHours(24)).Select(s => s.Path));
    }

    [Theory]
    [InlineData(1, 24)]
    [InlineData(24, 24)]
    [InlineData(72, 72)]
    public void AgeFor_IsTheGracePeriod_ButNeverLessThanADay(int graceHours, int ageHours) =>
        Assert.Equal(TimeSpan.FromHours(ageHours), StaleUploads.AgeFor(TimeSpan.FromHours(graceHours)));

    [Theory]
    [InlineData("2026-12-06T19:40:50.000Z", "2026-12-06T19:40:50+00:00")]
    [InlineData("2026-12-06T19:40:50Z", "2026-12-06T19:40:50+00:00")]
    [InlineData("2026-12-06T20:40:50+01:00", "2026-12-06T19:40:50+00:00")]
    public void ParseInitiated_ReadsS3sDates(string initiated, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), MinioMultipartUploads.ParseInitiated(initiated));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yesterday")]
    public void ParseInitiated_GivesNoDateForWhatIsNotOne(string? initiated) => Assert.Null(MinioMultipartUploads.ParseInitiated(initiated));
}
