using EcommerceMl.Inference.Options;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace EcommerceMl.Operator.Tests.Builders;

public sealed class ServingEnvironmentTests
{
    private const string Version = "20261123T014200Z-1a2b3c";

    /// <summary>The inference container's environment read back as the server reads it (<c>A__B</c> is the key <c>A:B</c>).</summary>
    private static IConfiguration ServerConfiguration(ModelDeploymentSpec spec)
    {
        var md = TestResources.ModelDeployment(configure: s =>
        {
            s.ShopTimeZone = spec.ShopTimeZone;
            s.Events = spec.Events;
        });
        var env = ModelDeploymentBuilder.BuildDeployment(md, Version, TestResources.Settings).Spec.Template.Spec.Containers.Single().Env
            .Where(v => v.Value is not null)
            .Select(v => KeyValuePair.Create(v.Name.Replace("__", ":", StringComparison.Ordinal), (string?)v.Value));
        return new ConfigurationBuilder().AddInMemoryCollection(env).Build();
    }

    [Fact]
    public void ShopTimeZoneAndEventSettings_ReachTheServersOptions()
    {
        var configuration = ServerConfiguration(new ModelDeploymentSpec
        {
            ShopTimeZone = "Europe/London",
            Events = new EventsSpec { RetentionDays = 30, StoreClientIp = true, StoreUserAgent = false },
        });

        var inference = configuration.GetSection(InferenceOptions.SectionName).Get<InferenceOptions>()!;
        var events = configuration.GetSection(EventSinkOptions.SectionName).Get<EventSinkOptions>()!;

        Assert.Equal("Europe/London", inference.ShopTimeZone);
        Assert.Equal(30, events.RetentionDays);
        Assert.True(events.StoreClientIp);
        Assert.False(events.StoreUserAgent);
        Assert.False(events.Disabled);
    }

    [Fact]
    public void EventsSinkFalse_TurnsTheServersSinkOff()
    {
        var configuration = ServerConfiguration(new ModelDeploymentSpec { Events = new EventsSpec { Sink = false } });

        Assert.True(configuration.GetSection(EventSinkOptions.SectionName).Get<EventSinkOptions>()!.Disabled);
    }

    [Fact]
    public void EventsPostgres_ReachesTheServerFromTheSecret_NeverAsAValue()
    {
        var spec = new ModelDeploymentSpec { Events = new EventsSpec { Postgres = new PostgresDataSource { SecretRef = new SecretKeyReference { Name = "shop-db" } } } };

        var variable = Assert.Single(ServingEnvironment.For(spec));

        Assert.Equal("Ecml__Events__Postgres", variable.Name);
        Assert.Null(variable.Value);
        Assert.Equal(("shop-db", SecretKeyReference.DefaultKey), (variable.ValueFrom.SecretKeyRef.Name, variable.ValueFrom.SecretKeyRef.Key));
    }

    [Fact]
    public void ASpecThatSetsNone_AddsNoVariable_SoExistingPodTemplatesDoNotChange()
    {
        Assert.Empty(ServingEnvironment.For(new ModelDeploymentSpec()));
        Assert.Empty(ServingEnvironment.For(new ModelDeploymentSpec { Events = new EventsSpec() }));
    }
}
