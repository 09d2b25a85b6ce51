"""The active parish's tables; parishes approved before them get their members, interim chair and budget, as
approval now gives them (parishes.services.active.parish_activate)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

PARISH_STATES = ("approved", "approved_with_conditions", "ended")


def activate_earlier_parishes(apps, schema_editor):
    Proposal = apps.get_model("parishes", "Proposal")
    Review = apps.get_model("parishes", "Review")
    ParishMember = apps.get_model("parishes", "ParishMember")
    OfficeHolder = apps.get_model("parishes", "OfficeHolder")
    DelegatedBudget = apps.get_model("parishes", "DelegatedBudget")
    for parish in Proposal.objects.filter(status__in=PARISH_STATES):
        review = Review.objects.filter(proposal=parish).first()
        since = (review.decided_at if review and review.decided_at else None) or django.utils.timezone.now()
        proposers = apps.get_model("parishes", "Proposer").objects.filter(proposal=parish).order_by("added_at", "pk")
        for proposer in proposers:
            ParishMember.objects.create(parish=parish, user_id=proposer.user_id, via="proposer", joined_at=since)
            if proposer.role == "creator":
                OfficeHolder.objects.create(parish=parish, user_id=proposer.user_id, office="chair", interim=True,
                                            appointed_at=since)
        cap = review.budget_cap if review else None
        DelegatedBudget.objects.create(parish=parish, amount=cap or 0, set_at=since if cap is not None else None)


class Migration(migrations.Migration):

    dependencies = [
        ('parishes', '0004_ended'),
        ('places', '0002_postcode_latitude_longitude'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Evaluation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('achievements', models.TextField(verbose_name='what the parish achieved')),
                ('evidence', models.TextField(verbose_name='evidence')),
                ('seeks_permanent', models.BooleanField(verbose_name='seeks to become a permanent parish council')),
                ('published_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('updated_at', models.DateTimeField(blank=True, null=True)),
                ('parish', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='evaluation', to='parishes.proposal')),
                ('published_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.CreateModel(
            name='Meeting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=150, verbose_name='title')),
                ('starts_at', models.DateTimeField(verbose_name='date and time')),
                ('place', models.CharField(blank=True, max_length=300, verbose_name='place')),
                ('online_url', models.URLField(blank=True, max_length=500, verbose_name='link to join online')),
                ('agenda', models.TextField(blank=True, verbose_name='agenda')),
                ('agenda_published_at', models.DateTimeField(blank=True, null=True)),
                ('minutes', models.TextField(blank=True, verbose_name='minutes')),
                ('minutes_published_at', models.DateTimeField(blank=True, null=True)),
                ('scheduled_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('cancelled_at', models.DateTimeField(blank=True, null=True)),
                ('cancel_reason', models.TextField(blank=True)),
                ('cancelled_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('parish', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='meetings', to='parishes.proposal')),
                ('scheduled_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['starts_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='ParishDecision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('motion', models.TextField(verbose_name='motion')),
                ('members_count', models.PositiveIntegerField()),
                ('quorum', models.PositiveIntegerField()),
                ('votes_for', models.PositiveIntegerField(default=0)),
                ('votes_against', models.PositiveIntegerField(default=0)),
                ('abstentions', models.PositiveIntegerField(default=0)),
                ('outcome', models.CharField(choices=[('carried', 'Carried'), ('not_carried', 'Not carried'), ('inquorate', 'Inquorate: no decision')], max_length=16)),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='decisions', to='parishes.meeting')),
                ('parish', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='decisions', to='parishes.proposal')),
                ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['recorded_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='OfficeHolder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('office', models.CharField(choices=[('chair', 'Chair'), ('clerk', 'Clerk'), ('treasurer', 'Treasurer')], max_length=16, verbose_name='office')),
                ('interim', models.BooleanField(default=False)),
                ('appointed_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('ended_at', models.DateTimeField(blank=True, null=True)),
                ('end_reason', models.CharField(blank=True, choices=[('replaced', 'Replaced'), ('stood_down', 'Stood down')], max_length=16)),
                ('appointed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('ended_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('parish', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='office_holders', to='parishes.proposal')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('decision', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='appointments', to='parishes.parishdecision')),
            ],
            options={
                'ordering': ['appointed_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='ParishMember',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('via', models.CharField(choices=[('proposer', 'Proposed the parish'), ('resident', 'Joined as a resident of the area')], default='resident', max_length=16)),
                ('postcode', models.CharField(blank=True, max_length=8, verbose_name='postcode')),
                ('joined_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('left_at', models.DateTimeField(blank=True, null=True)),
                ('parish', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='members', to='parishes.proposal')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='parish_memberships', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['joined_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='RenewalRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('current_sunset_on', models.DateField()),
                ('requested_sunset_on', models.DateField(verbose_name='new sunset date asked for')),
                ('reasons', models.TextField(verbose_name='why the parish should continue')),
                ('requested_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('status', models.CharField(choices=[('pending', 'Waiting for the council'), ('approved', 'Renewed'), ('refused', 'Refused')], default='pending', max_length=16)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('decision_reasons', models.TextField(blank=True)),
                ('granted_sunset_on', models.DateField(blank=True, null=True)),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('local_authority', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='places.localauthority')),
                ('parish', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='renewal_requests', to='parishes.proposal')),
                ('requested_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-requested_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='Spending',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('spent_on', models.DateField(verbose_name='date')),
                ('payee', models.CharField(max_length=200, verbose_name='paid to')),
                ('purpose', models.TextField(verbose_name='what it was for')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='amount in pounds')),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('decision', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='spending', to='parishes.parishdecision')),
                ('parish', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='spending', to='parishes.proposal')),
                ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name_plural': 'spending',
                'ordering': ['-spent_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='Vote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('choice', models.CharField(choices=[('for', 'For'), ('against', 'Against'), ('abstain', 'Abstained')], max_length=8)),
                ('decision', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='votes', to='parishes.parishdecision')),
                ('voter', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['id'],
            },
        ),
        migrations.CreateModel(
            name='DelegatedBudget',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('amount', models.DecimalField(decimal_places=2, default=0, max_digits=12, verbose_name='delegated budget in pounds')),
                ('set_at', models.DateTimeField(blank=True, null=True)),
                ('parish', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='budget', to='parishes.proposal')),
                ('set_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('amount__gte', 0)), name='parishes_budget_not_negative')],
            },
        ),
        migrations.AddIndex(
            model_name='meeting',
            index=models.Index(fields=['parish', 'starts_at'], name='parishes_meeting_when'),
        ),
        migrations.AddConstraint(
            model_name='meeting',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('place', ''), _negated=True), models.Q(('online_url', ''), _negated=True), _connector='OR'), name='parishes_meeting_has_a_place'),
        ),
        migrations.AddConstraint(
            model_name='meeting',
            constraint=models.CheckConstraint(condition=models.Q(('cancelled_at__isnull', True), models.Q(('cancel_reason', ''), _negated=True), _connector='OR'), name='parishes_meeting_cancelled_has_reason'),
        ),
        migrations.AddConstraint(
            model_name='meeting',
            constraint=models.CheckConstraint(condition=models.Q(('cancelled_at__isnull', True), ('minutes_published_at__isnull', True), _connector='OR'), name='parishes_meeting_cancelled_has_no_minutes'),
        ),
        migrations.AddConstraint(
            model_name='parishdecision',
            constraint=models.CheckConstraint(condition=models.Q(('outcome__in', ['carried', 'not_carried', 'inquorate'])), name='parishes_decision_outcome_valid'),
        ),
        migrations.AddConstraint(
            model_name='officeholder',
            constraint=models.CheckConstraint(condition=models.Q(('office__in', ['chair', 'clerk', 'treasurer'])), name='parishes_office_valid'),
        ),
        migrations.AddConstraint(
            model_name='officeholder',
            constraint=models.UniqueConstraint(condition=models.Q(('ended_at__isnull', True)), fields=('parish', 'office'), name='parishes_one_holder_per_office'),
        ),
        migrations.AddConstraint(
            model_name='officeholder',
            constraint=models.UniqueConstraint(condition=models.Q(('ended_at__isnull', True)), fields=('parish', 'user'), name='parishes_one_office_per_person'),
        ),
        migrations.AddIndex(
            model_name='parishmember',
            index=models.Index(fields=['parish', 'left_at'], name='parishes_member_current'),
        ),
        migrations.AddConstraint(
            model_name='parishmember',
            constraint=models.UniqueConstraint(condition=models.Q(('left_at__isnull', True)), fields=('parish', 'user'), name='parishes_one_current_membership'),
        ),
        migrations.AddConstraint(
            model_name='parishmember',
            constraint=models.CheckConstraint(condition=models.Q(('via__in', ['proposer', 'resident'])), name='parishes_member_via_valid'),
        ),
        migrations.AddConstraint(
            model_name='renewalrequest',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['pending', 'approved', 'refused'])), name='parishes_renewal_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='renewalrequest',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('parish',), name='parishes_one_pending_renewal'),
        ),
        migrations.AddConstraint(
            model_name='renewalrequest',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'pending'), models.Q(('decided_at__isnull', False), models.Q(('decision_reasons', ''), _negated=True)), _connector='OR'), name='parishes_renewal_decided_with_reasons'),
        ),
        migrations.AddConstraint(
            model_name='renewalrequest',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'approved'), _negated=True), ('granted_sunset_on__gt', models.F('current_sunset_on')), _connector='OR'), name='parishes_renewal_approved_extends'),
        ),
        migrations.AddConstraint(
            model_name='spending',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='parishes_spending_positive'),
        ),
        migrations.AddConstraint(
            model_name='vote',
            constraint=models.UniqueConstraint(fields=('decision', 'voter'), name='parishes_one_vote_each'),
        ),
        migrations.AddConstraint(
            model_name='vote',
            constraint=models.CheckConstraint(condition=models.Q(('choice__in', ['for', 'against', 'abstain'])), name='parishes_vote_choice_valid'),
        ),
        migrations.RunPython(activate_earlier_parishes, migrations.RunPython.noop),
    ]
