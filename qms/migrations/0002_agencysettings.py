from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    # Kept apart from 0001: Wagtail's own migrations need the user model first.
    dependencies = [
        ("qms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.CreateModel(
            name='AgencySettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('agency_name', models.CharField(default='SỞ NỘI VỤ', max_length=255, verbose_name='agency name')),
                ('superior_body', models.CharField(blank=True, default='', help_text='e.g. UBND TỈNH VĨNH LONG', max_length=255, verbose_name='superior body')),
                ('address', models.CharField(blank=True, max_length=500, verbose_name='address')),
                ('iso_edition', models.CharField(choices=[('2008', 'TCVN ISO 9001:2008'), ('2015', 'TCVN ISO 9001:2015')], default='2015', max_length=4, verbose_name='ISO 9001 edition')),
                ('stamp_controlled', models.CharField(default='BẢN KIỂM SOÁT', max_length=100, verbose_name='controlled copy stamp')),
                ('stamp_uncontrolled', models.CharField(default='BẢN KHÔNG KIỂM SOÁT', max_length=100, verbose_name='uncontrolled copy stamp')),
                ('stamp_obsolete', models.CharField(default='TÀI LIỆU HẾT HIỆU LỰC', max_length=100, verbose_name='obsolete document stamp')),
                ('logo', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='logo')),
                ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
            ],
            options={
                'verbose_name': 'agency settings',
                'verbose_name_plural': 'agency settings',
            },
        ),
    ]
