namespace EcommerceMl.Operator.Tests.Chart;

/// <summary>The checker the chart's store policies are judged by, judged itself on small policies.</summary>
public sealed class S3PolicyTests
{
    private const string ReadAllWriteModels = """
        {
          "Version": "2012-10-17",
          "Statement": [
            { "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::shop/*" },
            { "Effect": "Allow", "Action": ["s3:PutObject"], "Resource": ["arn:aws:s3:::shop/models/v?/*"] },
            { "Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::shop/secret/*" }
          ]
        }
        """;

    [Theory]
    [InlineData("s3:GetObject", "arn:aws:s3:::shop/models/a", S3Decision.Allow)]
    [InlineData("S3:GETOBJECT", "arn:aws:s3:::shop/models/a", S3Decision.Allow)]
    [InlineData("s3:PutObject", "arn:aws:s3:::shop/models/v1/model.bin", S3Decision.Allow)]
    [InlineData("s3:PutObject", "arn:aws:s3:::shop/models/v10/model.bin", S3Decision.ImplicitDeny)]
    [InlineData("s3:PutObject", "arn:aws:s3:::shop/events/a", S3Decision.ImplicitDeny)]
    [InlineData("s3:GetObject", "arn:aws:s3:::shopping/models/a", S3Decision.ImplicitDeny)]
    [InlineData("s3:GetObject", "arn:aws:s3:::SHOP/models/a", S3Decision.ImplicitDeny)]
    [InlineData("s3:GetObject", "arn:aws:s3:::shop/secret/key", S3Decision.ExplicitDeny)]
    [InlineData("s3:DeleteObject", "arn:aws:s3:::shop/models/a", S3Decision.ImplicitDeny)]
    public void Evaluate_DenyWinsThenAllowElseImplicitDeny_WithIamWildcards(string action, string resource, S3Decision expected)
    {
        Assert.Equal(expected, S3Policy.Parse(ReadAllWriteModels).Evaluate(action, resource));
    }

    [Theory]
    [InlineData("""{"Statement":[]}""", "Version")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{}}]}""", "Condition")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"s3:*","Resource":"*"}]}""", "NotAction")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Permit","Action":"s3:*","Resource":"*"}]}""", "Effect")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[],"Resource":"*"}]}""", "Action")]
    public void Parse_RefusesWhatItCannotEvaluate_SayingWhat(string json, string named)
    {
        var e = Assert.Throws<FormatException>(() => S3Policy.Parse(json));

        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }
}
