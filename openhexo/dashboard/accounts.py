"""Web pages under /accounts/ for what people do without being logged in: reset a forgotten
password and confirm a new login email, from the links the account operations email.

Server-rendered, CSRF-protected forms, no JavaScript. The reset confirmation is Django's own
view (it moves the token out of the URL before showing the form); a link followed by a mail
scanner (GET) changes nothing, only the form's POST does.
"""

from django import forms
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import path, reverse_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from openhexo.accounts.credentials import (
    confirm_email_change,
    pending_email_change,
    request_password_reset,
)
from openhexo.accounts.models import User
from openhexo.accounts.requests import RequestRefused

INVALID = "accounts/link_invalid.html"


class ResetRequestForm(forms.Form):
    email = forms.EmailField(max_length=254, label="Email")


class ResetRequestView(FormView):
    """Ask for a reset link; the next page reads the same whether or not the account exists."""

    template_name = "accounts/password_reset_form.html"
    form_class = ResetRequestForm
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        request_password_reset(form.cleaned_data["email"])
        return super().form_valid(form)


class EmailChangeView(View):
    """GET shows the change the link confirms, the form's POST makes it."""

    template_name = "accounts/email_change_confirm.html"

    def get(self, request, token: str):
        try:
            user, new_email = pending_email_change(token)
        except (User.DoesNotExist, RequestRefused) as refusal:
            return invalid(request, refusal)
        context = {"old_email": user.email, "new_email": new_email}
        return render(request, self.template_name, context)

    def post(self, request, token: str):
        try:
            user = confirm_email_change(token)
        except (User.DoesNotExist, RequestRefused, ValidationError) as refusal:
            return invalid(request, refusal)
        return render(request, "accounts/email_change_done.html", {"new_email": user.email})


def invalid(request, refusal: Exception):
    if isinstance(refusal, ValidationError):
        message = " ".join(refusal.messages)
    elif isinstance(refusal, RequestRefused):
        message = str(refusal)
    else:
        message = "This link is not valid."
    return render(request, INVALID, {"message": message}, status=400)


urlpatterns = [
    path("password/reset/", ResetRequestView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        TemplateView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("email/<str:token>/", EmailChangeView.as_view(), name="email_change_confirm"),
]
