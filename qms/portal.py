from django.shortcuts import render


def home(request):
    """The staff portal's front page (the library and reading list grow here)."""
    return render(request, "portal/home.html", {})
