from django.shortcuts import render


def home(request):
    """The staff portal's front page (the library and reading list grow here)."""
    from procedures.acknowledging import reading_list

    return render(request, "portal/home.html", {**reading_list(request)})
