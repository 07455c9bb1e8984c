using Crm.Domain.Deals;
using Crm.Domain.Users;

namespace Crm.Tests.Deals;

/// <summary>The record-scope rule on its own (the SQL side is covered through the host in DealAuthorizationTests).</summary>
public sealed class DealScopeTests
{
    private static readonly DateTime Now = new(2026, 6, 15, 2, 0, 0, DateTimeKind.Utc);

    private static Deal DealOf(string desk, string owner, string title) =>
        Deal.Create(title, 1, desk, owner, new DateOnly(2026, 6, 1), owner, Now).Deal;

    private static readonly Deal[] Deals =
    [
        DealOf("GD", "gd-recruiter", "gd-own"),
        DealOf("GD", "gd-colleague", "gd-colleague"),
        DealOf("FJ", "fj-recruiter", "fj-own"),
        DealOf("FJ", "gd-recruiter", "fj-owned-by-gd-recruiter"),
        DealOf("BJ", "manager", "bj-manager"),
    ];

    private static CurrentUser User(string id, string role, string? desk = null) => new(id, new HashSet<string> { role }, desk);

    private static string[] Visible(CurrentUser user) => Deals.AsQueryable().VisibleTo(user).Select(d => d.Title).ToArray();

    [TestCase(Roles.Admin)]
    [TestCase(Roles.Manager)]
    public void VisibleTo_admin_and_manager_see_every_deal(string role)
    {
        Assert.That(Visible(User("someone", role)), Is.EquivalentTo(Deals.Select(d => d.Title)));
    }

    [Test]
    public void VisibleTo_recruiter_sees_own_desk_and_own_deals()
    {
        Assert.That(Visible(User("gd-recruiter", Roles.Recruiter, "GD")),
            Is.EquivalentTo(new[] { "gd-own", "gd-colleague", "fj-owned-by-gd-recruiter" }));
    }

    [Test]
    public void VisibleTo_recruiter_without_a_desk_sees_only_own_deals()
    {
        Assert.That(Visible(User("gd-recruiter", Roles.Recruiter)), Is.EquivalentTo(new[] { "gd-own", "fj-owned-by-gd-recruiter" }));
    }

    [Test]
    public void VisibleTo_advisor_sees_no_deal()
    {
        Assert.That(Visible(User("advisor", Roles.Advisor)), Is.Empty);
    }

    [Test]
    public void VisibleTo_user_without_role_sees_no_deal()
    {
        Assert.That(Visible(CurrentUser.System), Is.Empty);
    }

    [Test]
    public void MayEdit_matches_what_a_recruiter_sees()
    {
        var recruiter = User("gd-recruiter", Roles.Recruiter, "GD");
        Assert.Multiple(() =>
        {
            foreach (var deal in Deals)
            {
                Assert.That(recruiter.MayEdit(deal), Is.EqualTo(Visible(recruiter).Contains(deal.Title)), deal.Title);
            }
            Assert.That(Deals.All(User("m", Roles.Manager).MayEdit), Is.True);
            Assert.That(Deals.Any(User("a", Roles.Advisor).MayEdit), Is.False);
        });
    }
}
