(function(){
  "use strict";
  document.documentElement.setAttribute("data-js","ready");
  function norm(s){return (s||"").toLowerCase();}
  document.querySelectorAll("input[data-filter]").forEach(function(input){
    var table=document.getElementById(input.getAttribute("data-filter"));
    if(!table){return;}
    var rows=table.querySelectorAll("tbody tr");
    var counter=document.getElementById(input.getAttribute("data-filter")+"-shown");
    input.addEventListener("input",function(){
      var q=norm(input.value),shown=0;
      rows.forEach(function(row){var hit=norm(row.textContent).indexOf(q)!==-1;row.hidden=!hit;if(hit){shown++;}});
      if(counter){counter.textContent=String(shown);}
    });
  });
  var select=document.getElementById("category-filter");
  if(select){
    select.addEventListener("change",function(){
      document.querySelectorAll("section.rule").forEach(function(sec){
        sec.hidden=!(select.value==="" || sec.getAttribute("data-category")===select.value);
      });
    });
  }
})();
