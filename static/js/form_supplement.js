/* Show a question's comment box only once it is picked (without JavaScript every box shows). */
document.querySelectorAll(".supplement-question").forEach(function (box) {
  var pick = box.querySelector("input[type=checkbox]");
  var comment = box.querySelector(".supplement-comment");
  if (!pick || !comment) { return; }
  var text = comment.querySelector("textarea");
  function sync() { comment.hidden = !pick.checked && !text.value && !comment.querySelector(".form-error-message"); }
  pick.addEventListener("change", sync);
  sync();
});
