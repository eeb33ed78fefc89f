// Behaviour of the staff portal, kept out of the pages so the content security policy can forbid inline scripts.
document.addEventListener("click", (event) => {
  if (event.target.closest(".print-button")) {
    window.print();
  }
});
