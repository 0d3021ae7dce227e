using EcommerceMl.Operator.Status;

namespace EcommerceMl.Operator.Tests.Status;

public sealed class SecretRedactionTests
{
    [Theory]
    [InlineData("unknown data source 'sk_live_51HxQz8LkT2mB9vYp3Rw': expected 'synthetic'", "unknown data source '***': expected 'synthetic'")]
    [InlineData("key rk_test_4eC39HqLyjWDarjtT1zdp7dc", "key ***")]
    [InlineData("could not reach postgres://shop:hunter2@db:5432/orders", "could not reach postgres://shop:***@db:5432/orders")]
    [InlineData("database URL 'postgres://shop@db/orders?sslmode=require&password=hunter2': bad", "database URL 'postgres://shop@db/orders?sslmode=require&password=***': bad")]
    [InlineData("Host=db;Username=shop;Password=hunter2;Database=orders", "Host=db;Username=shop;Password=***;Database=orders")]
    [InlineData("AWS_SECRET_ACCESS_KEY=abc/def+ghi is wrong", "AWS_SECRET_ACCESS_KEY=*** is wrong")]
    [InlineData("{\"api_key\": \"abc123\"}", "{\"api_key\": \"***\"}")]
    [InlineData("request failed: Authorization: Bearer abcdefgh12345678", "request failed: Authorization: Bearer ***")]
    [InlineData("key AKIAIOSFODNN7EXAMPLE refused", "key *** refused")]
    [InlineData("token ghp_0123456789abcdefghijABCDEFGHIJ012345 expired", "token *** expired")]
    [InlineData("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl rejected", "jwt *** rejected")]
    [InlineData("x -----BEGIN RSA PRIVATE KEY-----\nMIIEow\nIBAAK\n-----END RSA PRIVATE KEY----- y", "x -----BEGIN PRIVATE KEY----- *** y")]
    [InlineData("generated key wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY9 leaked", "generated key *** leaked")]
    public void Redact_MasksWhatLooksLikeASecret(string text, string expected) =>
        Assert.Equal(expected, SecretRedaction.Redact(text));

    [Theory]
    [InlineData("Unknown hyperparameter 'alpha' for item-cosine. Accepted: none.")]
    [InlineData("gate not met: ndcg_at_10 = 0.12, below the minimum 0.2; version 20261123-021000-3f2a was published but will not be served as latest.")]
    [InlineData("shop data: orders.csv line 12: order_id 'o-17' is not unique")]
    [InlineData("no folder exists at '/work/shops/Online-Retail-2011/VeryLongFolderNameWithCaps'")]
    [InlineData("spec.dataSource.postgres.secretRef.name is empty: name the Secret that holds the connection URL.")]
    [InlineData("data fingerprint 3f2a9c0d4e5b6a7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7 differs")]
    [InlineData("An s3:// model store needs AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY set in the environment")]
    public void Redact_LeavesOrdinaryMessagesAsTheyAre(string text) =>
        Assert.Equal(text, SecretRedaction.Redact(text));

    [Fact]
    public void Redact_KeepsNullAndEmpty()
    {
        Assert.Null(SecretRedaction.Redact(null));
        Assert.Equal(string.Empty, SecretRedaction.Redact(string.Empty));
    }
}
